"""The registry on a machine that must not call out (tests, an offline laptop): it is never reachable,
so the checkout offers manual entry, exactly as when ANAF does not answer."""

from .base import CompanyRecord, CompanyRegistry, RegistryUnavailable


class OfflineRegistry(CompanyRegistry):
    name = "offline"

    def lookup(self, cui: str) -> CompanyRecord | None:
        raise RegistryUnavailable("the company registry is switched off (COMPANY_REGISTRY_PROVIDER=offline)")
