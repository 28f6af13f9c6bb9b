"""The demo shop's pieces: real-looking models per brand and category, described in Romanian and English.

A listing's own text is Romanian (``title``, ``description``) with an optional English translation
(``title_en``, ``description_en``) shown to buyers who browse in English; categories, materials and
conditions carry their own English names.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    brand: str
    title: str
    category: str  # top category slug
    subcategory: str
    kind: str  # which drawing (marketplace.products.demo.pictures.DRAWINGS)
    material: str  # material slug
    colours: tuple[str, ...]
    price: tuple[int, int]  # lei, lowest and highest
    blurb: str  # one Romanian sentence about the piece
    size_chart: str | None = None


PIECES = (
    Piece("Hermès", "Geantă Birkin 30 Togo", "genti", "genti-de-mana", "bag", "piele", ("black", "brown", "beige"), (42000, 78000),
          "Geanta emblematică a casei, cusută manual, cu închizătoare și lacăt din metal placat cu paladiu."),
    Piece("Hermès", "Geantă Kelly 28 Epsom", "genti", "genti-de-mana", "bag", "piele", ("red", "blue", "black"), (38000, 65000),
          "Silueta trapezoidală clasică, cu baretă de umăr detașabilă și clopoțel cu chei."),
    Piece("Chanel", "Geantă Classic Flap medie", "genti", "genti-crossbody", "flap_bag", "piele", ("black", "beige", "pink"), (24000, 39000),
          "Piele matlasată în romburi, lanț împletit cu piele și închizătoare CC."),
    Piece("Louis Vuitton", "Geantă Speedy 30 Monogram", "genti", "genti-tote", "dome_bag", "canvas", ("brown",), (4200, 7800),
          "Canvas monogramat cu garnituri din piele naturală care capătă patină în timp."),
    Piece("Dior", "Geantă Lady Dior medie", "genti", "genti-de-mana", "bag", "piele", ("black", "white", "pink"), (17000, 26000),
          "Cusături Cannage și charmuri D.I.O.R. din metal auriu."),
    Piece("Bottega Veneta", "Geantă Jodie mini", "genti", "genti-de-mana", "bag", "piele", ("green", "brown", "black"), (7500, 11500),
          "Piele Intrecciato împletită manual, cu mâner înnodat."),
    Piece("Christian Louboutin", "Pantofi So Kate 120", "incaltaminte", "pantofi-cu-toc", "shoe", "piele-lacuita", ("black", "red", "beige"), (2400, 3900),
          "Pantofi stiletto cu vârf ascuțit, toc de 12 cm și talpa roșie inconfundabilă.", "incaltaminte-femei"),
    Piece("Jimmy Choo", "Pantofi Romy 100", "incaltaminte", "pantofi-cu-toc", "shoe", "piele-intoarsa", ("pink", "black", "blue"), (1900, 3100),
          "Decupaj clasic, toc de 10 cm, confortabili de la birou la seară.", "incaltaminte-femei"),
    Piece("Saint Laurent", "Botine Lou 95", "incaltaminte", "cizme-si-botine", "boot", "piele", ("black", "brown"), (2800, 4600),
          "Botine cu toc înalt și fermoar lateral, croite pe calapod italian.", "incaltaminte-femei"),
    Piece("Gucci", "Cizme Jordaan din piele", "incaltaminte", "cizme-si-botine", "boot", "piele", ("brown", "black", "red"), (3500, 5900),
          "Cizme înalte cu toc mediu și detaliu Horsebit la glezne.", "incaltaminte-femei"),
    Piece("Gucci", "Mocasini Horsebit 1953", "incaltaminte", "mocasini", "flat", "piele", ("black", "brown", "beige"), (2600, 3800),
          "Mocasinii creați în 1953, cu zăbală metalică pe căpută.", "incaltaminte-barbati"),
    Piece("Valentino", "Rochie de mătase plisată", "imbracaminte", "rochii", "dress", "matase", ("red", "pink", "blue"), (5200, 9800),
          "Rochie midi din mătase plisată, cu talie marcată și fustă în clini.", "imbracaminte-femei"),
    Piece("Dior", "Rochie Bar din lână", "imbracaminte", "rochii", "dress", "lana", ("black", "blue"), (8500, 14500),
          "Croiala New Look: corsaj ajustat și fustă amplă, căptușită în mătase.", "imbracaminte-femei"),
    Piece("Chanel", "Sacou din tweed cu nasturi bijuterie", "imbracaminte", "sacouri", "jacket", "tweed", ("pink", "white", "black"), (9800, 18500),
          "Tweed țesut în Franța, lănțișor cusut la tiv și nasturi cu monogramă.", "imbracaminte-femei"),
    Piece("Saint Laurent", "Sacou Le Smoking", "imbracaminte", "sacouri", "jacket", "lana", ("black",), (6200, 9500),
          "Smochingul feminin al casei, cu revere din satin.", "imbracaminte-femei"),
    Piece("Max Mara", "Palton 101801 din cașmir", "imbracaminte", "paltoane-si-geci", "coat", "casmir", ("beige", "grey", "brown"), (6900, 11900),
          "Paltonul creat în 1981, cu mâneci kimono și croială supradimensionată.", "imbracaminte-femei"),
    Piece("Burberry", "Trenci Kensington lung", "imbracaminte", "paltoane-si-geci", "coat", "bumbac", ("beige", "black"), (5400, 8600),
          "Gabardină de bumbac impermeabilă, cu cordon și epoleți.", "imbracaminte-barbati"),
    Piece("Hermès", "Eșarfă Carré 90 de mătase", "accesorii", "esarfe-si-saluri", "scarf", "matase", ("multicolour", "blue", "red"), (1500, 2600),
          "Twill de mătase imprimat cu până la 40 de culori, tiv rulat de mână."),
    Piece("Gucci", "Eșarfă GG din mătase", "accesorii", "esarfe-si-saluri", "scarf", "matase", ("green", "multicolour"), (1100, 1900),
          "Imprimeu cu monograma GG și bordură în dungi Web."),
    Piece("Celine", "Ochelari de soare Triomphe", "accesorii", "ochelari-de-soare", "sunglasses", "otel-inoxidabil", ("black", "brown"), (1400, 2100),
          "Ramă din acetat gros, lentile cu protecție UV400 și sigla Triomphe pe braț."),
    Piece("Prada", "Ochelari de soare Symbole", "accesorii", "ochelari-de-soare", "sunglasses", "otel-inoxidabil", ("black", "white"), (1300, 1900),
          "Ramă geometrică cu triunghiul emailat al casei."),
    Piece("Hermès", "Curea Constance 32 mm", "accesorii", "curele", "belt", "piele", ("black", "brown", "red"), (3200, 4800),
          "Curea reversibilă din piele, cu catarama H din metal aurit."),
    Piece("Loewe", "Curea Anagram din piele", "accesorii", "curele", "belt", "piele", ("brown", "black"), (1500, 2300),
          "Piele de vițel cu catarama Anagram gravată."),
    Piece("Cartier", "Ceas Tank Must", "ceasuri", "ceasuri-dama", "watch", "otel-inoxidabil", ("black", "brown", "red"), (11500, 16500),
          "Carcasă dreptunghiulară, cifre romane și coroană cu cabochon albastru."),
    Piece("Rolex", "Ceas Datejust 36", "ceasuri", "ceasuri-barbati", "watch", "otel-inoxidabil", ("black", "grey"), (38000, 62000),
          "Mecanism automat cu certificare de cronometru și ramă canelată."),
    Piece("Omega", "Ceas Speedmaster Moonwatch", "ceasuri", "ceasuri-vintage", "watch", "otel-inoxidabil", ("black",), (24000, 36000),
          "Cronograful purtat pe Lună, cu mecanism manual calibrul 3861."),
    Piece("Van Cleef & Arpels", "Colier Vintage Alhambra 10 motive", "bijuterii", "coliere", "necklace", "aur", ("red", "white", "black", "green"), (52000, 88000),
          "Aur galben de 18 carate, zece motive trifoi cu margine perlată."),
    Piece("Tiffany & Co.", "Colier Elsa Peretti Open Heart", "bijuterii", "coliere", "necklace", "argint", ("silver", "pink"), (1200, 2900),
          "Pandantiv inimă deschisă pe lanț fin, semnat Elsa Peretti."),
)

# The English title and sentence of each piece, by its Romanian title.
ENGLISH: dict[str, tuple[str, str]] = {
    "Geantă Birkin 30 Togo": ("Birkin 30 bag in Togo leather",
        "The house's emblematic bag, hand-stitched, with a palladium-plated clasp and padlock."),
    "Geantă Kelly 28 Epsom": ("Kelly 28 bag in Epsom leather",
        "The classic trapeze silhouette, with a detachable shoulder strap and a key clochette."),
    "Geantă Classic Flap medie": ("Medium Classic Flap bag",
        "Diamond-quilted leather, a chain interlaced with leather and the CC turn-lock."),
    "Geantă Speedy 30 Monogram": ("Speedy 30 Monogram bag",
        "Monogram canvas with natural leather trims that take on a patina over time."),
    "Geantă Lady Dior medie": ("Medium Lady Dior bag",
        "Cannage stitching and D.I.O.R. charms in gold-tone metal."),
    "Geantă Jodie mini": ("Mini Jodie bag",
        "Hand-woven Intrecciato leather with a knotted handle."),
    "Pantofi So Kate 120": ("So Kate 120 pumps",
        "Pointed stiletto pumps with a 12 cm heel and the unmistakable red sole."),
    "Pantofi Romy 100": ("Romy 100 pumps",
        "A classic cut with a 10 cm heel, comfortable from the office to the evening."),
    "Botine Lou 95": ("Lou 95 ankle boots",
        "High-heeled ankle boots with a side zip, made on an Italian last."),
    "Cizme Jordaan din piele": ("Jordaan leather boots",
        "Knee-high boots with a mid heel and a Horsebit detail at the ankle."),
    "Mocasini Horsebit 1953": ("Horsebit 1953 loafers",
        "The loafers created in 1953, with the metal Horsebit across the vamp."),
    "Rochie de mătase plisată": ("Pleated silk dress",
        "A midi dress in pleated silk, with a defined waist and a flared skirt."),
    "Rochie Bar din lână": ("Bar dress in wool",
        "The New Look cut: a fitted bodice and a full skirt, lined in silk."),
    "Sacou din tweed cu nasturi bijuterie": ("Tweed jacket with jewel buttons",
        "Tweed woven in France, a chain sewn into the hem and monogrammed buttons."),
    "Sacou Le Smoking": ("Le Smoking jacket",
        "The house's tuxedo for women, with satin lapels."),
    "Palton 101801 din cașmir": ("101801 cashmere coat",
        "The coat created in 1981, with kimono sleeves and an oversized cut."),
    "Trenci Kensington lung": ("Long Kensington trench coat",
        "Weatherproof cotton gabardine, with a belt and epaulettes."),
    "Eșarfă Carré 90 de mătase": ("Carré 90 silk scarf",
        "Silk twill printed in up to 40 colours, with a hand-rolled hem."),
    "Eșarfă GG din mătase": ("GG silk scarf",
        "A GG monogram print with a striped Web border."),
    "Ochelari de soare Triomphe": ("Triomphe sunglasses",
        "A thick acetate frame, UV400 lenses and the Triomphe logo on the temple."),
    "Ochelari de soare Symbole": ("Symbole sunglasses",
        "A geometric frame with the house's enamelled triangle."),
    "Curea Constance 32 mm": ("Constance 32 mm belt",
        "A reversible leather belt with a gold-plated H buckle."),
    "Curea Anagram din piele": ("Anagram leather belt",
        "Calfskin with an engraved Anagram buckle."),
    "Ceas Tank Must": ("Tank Must watch",
        "A rectangular case, Roman numerals and a crown set with a blue cabochon."),
    "Ceas Datejust 36": ("Datejust 36 watch",
        "A certified chronometer automatic movement and a fluted bezel."),
    "Ceas Speedmaster Moonwatch": ("Speedmaster Moonwatch",
        "The chronograph worn on the Moon, with the hand-wound calibre 3861."),
    "Colier Vintage Alhambra 10 motive": ("Vintage Alhambra necklace, 10 motifs",
        "18-carat yellow gold, ten clover motifs with a beaded edge."),
    "Colier Elsa Peretti Open Heart": ("Elsa Peretti Open Heart necklace",
        "An open heart pendant on a fine chain, signed Elsa Peretti."),
}

COLOUR_NAMES = {
    "black": "negru", "white": "alb", "beige": "bej", "brown": "maro", "grey": "gri", "red": "roșu",
    "pink": "roz", "blue": "albastru", "green": "verde", "yellow": "galben", "gold": "auriu", "silver": "argintiu",
    "multicolour": "multicolor",
}
CONDITION_LINES_EN = {
    "nou-cu-eticheta": "New, with the original tags and packaging.",
    "nou-fara-eticheta": "New and unworn, without tags.",
    "excelent": "Worn a few times, with no visible marks.",
    "foarte-bun": "Fine signs of wear, visible only up close.",
    "bun": "Visible signs of wear, shown in the photos.",
    "acceptabil": "Obvious signs of wear; the price reflects them.",
}
CONDITION_LINES = {
    "nou-cu-eticheta": "Piesă nouă, cu etichetele și ambalajul original.",
    "nou-fara-eticheta": "Piesă nouă, nepurtată, fără etichete.",
    "excelent": "Purtată de câteva ori, fără urme vizibile.",
    "foarte-bun": "Urme fine de purtare, vizibile doar de aproape.",
    "bun": "Urme de purtare vizibile, descrise în fotografii.",
    "acceptabil": "Urme evidente de purtare; prețul ține cont de ele.",
}


def describe(piece: Piece, *, colour: str, material_name: str, condition_slug: str) -> str:
    """The listing's Romanian description."""
    return " ".join([
        piece.blurb,
        f"Material: {material_name.lower()}. Culoare: {COLOUR_NAMES[colour]}.",
        CONDITION_LINES.get(condition_slug, ""),
        "Autenticitatea a fost verificată de echipa SNOBISTIC.",
    ]).strip()


def title_en(piece: Piece) -> str:
    return ENGLISH[piece.title][0]


def describe_en(piece: Piece, *, colour: str, material_name: str, condition_slug: str) -> str:
    """The listing's English description (``material_name``: the material's English name)."""
    return " ".join([
        ENGLISH[piece.title][1],
        f"Material: {material_name.lower()}. Colour: {colour.replace('multicolour', 'multicoloured')}.",
        CONDITION_LINES_EN.get(condition_slug, ""),
        "Authenticity checked by the SNOBISTIC team.",
    ]).strip()
