"""The buyer's address book in the account area: list, add, change, delete, choose the default."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doors.errors import form_add_service_error
from marketplace.customers.addresses import (
    address_delete,
    address_for_user,
    address_make_default,
    address_save,
    addresses_for,
)
from storefront.forms.addresses import AddressForm


@login_required
def address_book_view(request):
    """The saved addresses, and a form to add one."""
    form = AddressForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                address_save(user=request.user, details=form.details(), make_default=form.cleaned_data["is_default"])
            except ValidationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, _("The address is saved."))
                return redirect("address_book")
        status = 400
    context = {"addresses": list(addresses_for(user=request.user)), "form": form}
    return render(request, "pwa/customers/addresses.html", context, status=status)


@login_required
def address_edit_view(request, address_id: int):
    address = address_for_user(user=request.user, pk=address_id)
    form = AddressForm(request.POST or None, initial=AddressForm.initial_of(address))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                address_save(user=request.user, details=form.details(), address=address, make_default=form.cleaned_data["is_default"])
            except ValidationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, _("The address is saved."))
                return redirect("address_book")
        status = 400
    return render(request, "pwa/customers/address_edit.html", {"address": address, "form": form}, status=status)


@login_required
@require_POST
def address_delete_view(request, address_id: int):
    address_delete(address=address_for_user(user=request.user, pk=address_id))
    messages.success(request, _("The address is deleted."))
    return redirect("address_book")


@login_required
@require_POST
def address_default_view(request, address_id: int):
    address_make_default(address=address_for_user(user=request.user, pk=address_id))
    messages.success(request, _("This is now your default address: the checkout fills it in."))
    return redirect("address_book")
