"""The domain's own errors: a stable ``code``, a message for the person, and ``fields`` (input name → messages).

Services refuse bad input with Django's ``ValidationError`` and a stable code; what is not there (or not
theirs to see) is ``NotFound``, never an HTTP exception: the domain knows no HTTP. The doors turn both into an
answer through one table (``doors/errors.py``): a status, and ``{code, message, fields}``.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refusal of the domain that is not bad input: ``code`` is stable, ``message`` is for the person."""

    code = "invalid"
    default_message = ""

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None, params: dict | None = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.fields = {name: [str(m) for m in (msgs if isinstance(msgs, list | tuple) else [msgs])] for name, msgs in (fields or {}).items()}
        self.params = params or {}
        super().__init__(str(self.message))


class NotFound(DomainError):
    """The row does not exist, or the asker may not know it does (another buyer's order, another vendor's row)."""

    code = "not_found"
    default_message = _("Not found.")
