"""Permission mixins shared by the ModelAdmins of both back offices."""

from .sites import vendor_site


class ReadOnlyAdminMixin:
    """Lists that nobody edits in place: their rows change through services (wizard, review, orders)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class VendorReadOnlyAdminMixin(ReadOnlyAdminMixin):
    """A read-only list of the vendor site: shown to whoever the site admits (approved vendors).

    The class still scopes its queryset with ``vendors.access.vendor_scope``.
    """

    def has_module_permission(self, request) -> bool:
        return vendor_site.has_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return vendor_site.has_permission(request)
