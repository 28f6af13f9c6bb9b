"""An e-mail reply without the history it quotes: what the person wrote above "On … wrote:".

Mailgun's parsed forward already offers ``stripped-text``; this runs on it as well (and on
``body-plain`` when it is missing), so a reply never drags the whole thread into the ticket.
"""

import re

# Lines that start the quoted part: the attribution line of common mail clients in English and
# Romanian, Outlook's separators and header blocks, and the signature delimiter.
_CUT = [
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*(În|In|Pe)\b.{0,300}\ba scris:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(Original Message|Mesaj original|Forwarded message|Mesaj redirecționat)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*(From|De la):\s.+$", re.IGNORECASE),
    re.compile(r"^-- ?$"),
]


def reply_strip_quoted(text: str) -> str:
    """The new part of a reply: up to the first quoting line, without ``>`` lines, trimmed."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # An attribution may wrap over two lines ("On Mon, 1 Dec 2026 at 10:00, Ana <ana@x.ro>\nwrote:").
    kept: list[str] = []
    for index, line in enumerate(lines):
        joined = f"{line} {lines[index + 1]}" if index + 1 < len(lines) else line
        if any(p.match(line) for p in _CUT) or (
            lines[index + 1:index + 2] and lines[index + 1].strip().lower() in ("wrote:", "a scris:")
            and any(p.match(joined) for p in _CUT[:2])
        ):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()
