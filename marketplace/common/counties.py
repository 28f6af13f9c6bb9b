"""Romania's 41 counties and the Municipality of Bucharest, as addresses and invoices write them.

The checkout and the address book offer exactly these (a choice, not free text), so a courier's
label and an invoice always name a county that exists. ``county_from_registry`` maps the forms
other sources write (ANAF's registry says "MUNICIPIUL BUCUREŞTI", "JUDEŢUL CLUJ", with the old
cedilla letters) onto these names.
"""

import unicodedata

BUCHAREST = "București"

COUNTIES: tuple[str, ...] = (
    "Alba", "Arad", "Argeș", "Bacău", "Bihor", "Bistrița-Năsăud", "Botoșani", "Brașov", "Brăila", BUCHAREST,
    "Buzău", "Caraș-Severin", "Călărași", "Cluj", "Constanța", "Covasna", "Dâmbovița", "Dolj", "Galați",
    "Giurgiu", "Gorj", "Harghita", "Hunedoara", "Ialomița", "Iași", "Ilfov", "Maramureș", "Mehedinți", "Mureș",
    "Neamț", "Olt", "Prahova", "Satu Mare", "Sălaj", "Sibiu", "Suceava", "Teleorman", "Timiș", "Tulcea",
    "Vaslui", "Vâlcea", "Vrancea",
)

COUNTY_CHOICES: list[tuple[str, str]] = [(name, name) for name in COUNTIES]


def _plain(text: str) -> str:
    """Lower case, no diacritics (ş/ș, ţ/ț, ă, â, î all read as their base letter), single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.replace("-", " ").lower().split())


_BY_PLAIN = {_plain(name): name for name in COUNTIES}
_PREFIXES = ("municipiul ", "judetul ", "jud. ", "jud ", "mun. ", "mun ")


def county_from_registry(text: str) -> str:
    """The county name of ``COUNTIES`` that ``text`` names, or "" when it names none."""
    plain = _plain(text)
    for prefix in _PREFIXES:
        if plain.startswith(prefix):
            plain = plain[len(prefix):]
            break
    if plain.startswith("bucuresti"):  # "Bucuresti", "Bucuresti Sector 3"
        return BUCHAREST
    return _BY_PLAIN.get(plain, "")


def is_county(text: str) -> bool:
    return text in _BY_PLAIN.values()
