"""What a message may not carry before an order joins buyer and seller: contact details and payment links.

The big resale platforms hide phone numbers, e-mail addresses, bank accounts and links to pay elsewhere
until a sale is made on the platform, so nobody is talked into paying off-platform (where the buyer has no
protection and the platform no commission). ``mask_contact_details`` is a pure function: each span found is
replaced with ``HIDDEN``; the page shows a notice under such a message in the reader's language.
"""

import re
from dataclasses import dataclass

HIDDEN = "•••"

# Links to pay or talk elsewhere (with or without scheme): payment links and messenger invitations.
_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?"
    r"(?:revolut\.me|paypal\.me|paypal\.com/(?:paypalme|send|pools)|wa\.me|(?:api\.|chat\.|web\.)?whatsapp\.com"
    r"|t\.me|telegram\.me|telegram\.dog|m\.me|msng\.link|signal\.me|viber\.click|venmo\.com|cash\.app|buymeacoffee\.com"
    r"|ko-fi\.com)"
    r"(?:/[^\s]*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\(at\)|\[at\]|\s+at\s+)\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)\s*[\w-]+)*"
    r"\s*(?:\.|\(dot\)|\[dot\])\s*[a-z]{2,}\b",
    re.IGNORECASE,
)
# An IBAN: country, two check digits, 11 to 30 letters or digits, possibly in groups of four.
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
# A phone number: 9 or more digits, maybe with +, spaces, dots, dashes or brackets between them (07xx xxx xxx,
# +40 7xx..., 0040...). Prices (1.200 lei), dates (12.03.2026) and order numbers have fewer digits.
_PHONE = re.compile(r"(?<![\w])(?:\+|00)?\d(?:[\s.\-/()]{0,2}\d){8,14}(?![\w])")


@dataclass(frozen=True)
class Masked:
    text: str
    kinds: tuple[str, ...]  # what was hidden: "link", "email", "iban", "phone"

    @property
    def masked(self) -> bool:
        return bool(self.kinds)


def _iban_like(match: re.Match) -> bool:
    compact = match.group(0).replace(" ", "")
    return any(ch.isdigit() for ch in compact[4:]) and 15 <= len(compact) <= 34


def mask_contact_details(text: str) -> Masked:
    """``text`` with every phone number, e-mail address, IBAN and off-platform payment link replaced by ``HIDDEN``."""
    kinds: list[str] = []

    def hide(kind: str, check=None):
        def replace(match: re.Match) -> str:
            if check is not None and not check(match):
                return match.group(0)
            if kind not in kinds:
                kinds.append(kind)
            return HIDDEN

        return replace

    text = _LINK.sub(hide("link"), text)
    text = _EMAIL.sub(hide("email"), text)
    text = _IBAN.sub(hide("iban", _iban_like), text)
    text = _PHONE.sub(hide("phone"), text)
    return Masked(text=text, kinds=tuple(kinds))
