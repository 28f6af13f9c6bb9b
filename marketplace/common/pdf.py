"""What every PDF we render (reportlab) goes through: text is text, and files are only our own.

reportlab's ``Paragraph`` reads its string as markup (``<b>``, ``<font>``, ``<img src=…>``…), so a
buyer's name like ``<img src=x>`` broke the invoice (a 500) and ``<img src="/etc/…png"/>`` put a
server file into it. Two guards, both needed:

- ``pdf_text(value)`` escapes a value so it prints literally; ``paragraph(template, style, **values)``
  builds a Paragraph from our own plain-text template and escaped values. Invoices use them now;
  labels, statements and certificates use them too.
- ``guard_renderer()`` (called by both) lets reportlab open only files under its own package, our
  font package and our static directories, and no URL (no ``http:``, ``file:`` or ``data:``), so a
  string that slips past the escaping still cannot read a file of the server.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

import font_source_sans_pro
import reportlab
from django.conf import settings
from reportlab import rl_config
from reportlab.lib import utils
from reportlab.platypus import Paragraph


def pdf_text(value) -> str:
    """``value`` as literal text inside reportlab markup (``<``, ``>``, ``&`` escaped; None is empty)."""
    return escape("" if value is None else str(value), quote=False)


def pdf_markup(template: str, **values) -> str:
    """Our plain-text ``template`` (``%(name)s`` placeholders) with the values escaped, as markup.

    The template is escaped too: it is a (translated) sentence, never markup.
    """
    text = pdf_text(template)
    return text % {name: pdf_text(value) for name, value in values.items()} if values else text


def paragraph(template: str, style, **values):
    """A reportlab Paragraph that prints ``template`` and ``values`` literally."""
    guard_renderer()
    return Paragraph(pdf_markup(template, **values), style)


def allowed_roots() -> tuple[Path, ...]:
    """The directories reportlab may read from: its own files, our fonts, our static files."""
    roots = [Path(reportlab.__file__).parent, Path(font_source_sans_pro.__file__).parent]
    roots += [Path(d) for d in getattr(settings, "STATICFILES_DIRS", ()) if isinstance(d, (str, Path))]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return tuple(root.resolve() for root in roots)


def may_read(name) -> bool:
    if not isinstance(name, (str, Path)):
        return False
    try:
        path = Path(name).resolve()
    except (OSError, ValueError):
        return False
    return any(path.is_relative_to(root) for root in allowed_roots())


@cache
def guard_renderer() -> None:
    """Confine reportlab's file and URL reads (idempotent; done once per process)."""
    rl_config.trustedHosts = None  # no host is trusted: reportlab fetches no URL …
    rl_config.trustedSchemes = []  # … of any scheme (http, https, file, data)
    open_by_name = utils.open_for_read_by_name

    def open_for_read_by_name(name, mode="b"):
        if not may_read(name):
            raise OSError(f"PDF renderer: reading {name!r} is not allowed")
        return open_by_name(name, mode)

    def no_url(url, headers=None):
        raise OSError(f"PDF renderer: fetching {url!r} is not allowed")

    # open_for_read() and ImageReader look these names up in the module at call time.
    utils.open_for_read_by_name = open_for_read_by_name
    utils.rlUrlRead = no_url
