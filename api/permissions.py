"""Who may call what: the same rules as the back offices, asked of the domain's access helpers."""

from rest_framework import permissions

from marketplace.vendors.access import may_work_as_vendor


class IsVendor(permissions.BasePermission):
    """An approved shop's owner (the vendor site's rule, ``may_work_as_vendor``)."""

    message = "Only an approved shop may do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and may_work_as_vendor(request.user))


def staff_with(perm: str):
    """A staff member holding ``perm`` (``app_label.codename``), through their role."""

    class StaffWith(permissions.BasePermission):
        message = "You do not have the permission this needs."

        def has_permission(self, request, view):
            user = request.user
            return bool(user and user.is_authenticated and user.is_staff and user.has_perm(perm))

    StaffWith.__name__ = f"StaffWith_{perm.replace('.', '_')}"
    return StaffWith
