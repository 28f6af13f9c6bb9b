"""Looking a company up by its fiscal code (CUI) to fill the invoice's name and address.

``company_lookup(vat_number)`` asks the registry chosen by ``COMPANY_REGISTRY_PROVIDER``
(``anaf``: ANAF's public registry, the default; ``offline``: never reachable, manual entry) and
keeps answers in the cache for a day (ANAF asks for at most one request a second). A lookup is a
convenience: when the registry does not answer, ``RegistryUnavailable`` tells the door to let the
buyer type the company in.
"""

import re

from django.conf import settings
from django.core.cache import cache

from marketplace.common.validators import normalize_ro_vat

from .anaf import AnafRegistry
from .base import CompanyRecord, CompanyRegistry, RegistryUnavailable
from .offline import OfflineRegistry

__all__ = ["CompanyRecord", "CompanyRegistry", "RegistryUnavailable", "company_lookup", "registry"]

CACHE_SECONDS = 24 * 3600
_MISSING = "missing"


def registry() -> CompanyRegistry:
    providers = {"anaf": AnafRegistry, "offline": OfflineRegistry}
    return providers[settings.COMPANY_REGISTRY_PROVIDER]()


def company_lookup(vat_number: str) -> CompanyRecord | None:
    """The company with this CUI ("RO18547290" or "18547290"), None if the registry has none.

    Raises ``ValidationError`` (``invalid_vat``) for a code that is not a valid CUI (its check digit
    is wrong: no call is made), ``RegistryUnavailable`` when the registry cannot be asked.
    """
    digits = re.sub(r"\D", "", normalize_ro_vat(vat_number))
    provider = registry()
    key = f"company_registry:{provider.name}:{digits}"
    cached = cache.get(key)
    if cached == _MISSING:
        return None
    if isinstance(cached, CompanyRecord):
        return cached
    record = provider.lookup(digits)
    cache.set(key, record if record is not None else _MISSING, CACHE_SECONDS)
    return record

