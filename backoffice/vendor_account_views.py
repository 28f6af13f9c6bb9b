"""The seed's `vendor_account` and `vendor_auctions` (/vendors/account/, /vendors/auctions/).

`vendor_account` gathers what the shop is on record with — profile, contact, legal data, the payout
IBAN (masked), balances, the commission that applies — and links to the flows that change or use
them (the shop profile's 2FA-guarded IBAN change, wallet history, statements, payout request); it
changes nothing itself. `vendor_auctions` is the vendor site's auctions list, as `vendor_products`
is the products list.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from marketplace.accounts.models import UserProfile
from marketplace.wallet.access import wallet_vendor
from marketplace.wallet.commission import commission_for_vendor
from marketplace.wallet.payouts import payout_hold_until
from marketplace.wallet.selectors import vendor_balances, wallet_settings

from .wizard_views import VendorPageMixin


def iban_masked(iban: str) -> str:
    """"RO49AAAA1B31007593840000" → "RO49 •••• •••• •••• •••• 0000": country and check digits, the last four."""
    compact = "".join((iban or "").split()).upper()
    if len(compact) <= 8:
        return "•" * len(compact)
    hidden = len(compact) - 8
    return f"{compact[:4]} {' '.join(['••••'] * ((hidden + 3) // 4))} {compact[-4:]}"


class VendorAccountView(VendorPageMixin, TemplateView):
    """`vendor_account`: the shop's account page, the vendor's own data only (wallet_vendor)."""

    title = _("My account")
    template_name = "vendors/vendor_account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = wallet_vendor(user=self.request.user)
        context.update(
            vendor=vendor, email=self.request.user.email, phone=UserProfile.objects.filter(user=self.request.user).values_list("phone", flat=True).first() or "",
            iban_masked=iban_masked(vendor.iban),
            iban_change_url=reverse("vendors:vendors_vendorprofile_change", args=[vendor.pk]),
            payout_hold_until=payout_hold_until(vendor=vendor),
            balances=vendor_balances(vendor=vendor), minimum=wallet_settings().payout_minimum,
            commission=commission_for_vendor(vendor_id=vendor.pk, at=timezone.now()),
        )
        return context


def vendor_auctions_posted_view(request):
    """`vendor_auctions`: the auctions the vendor posted, on the vendor site's auctions list."""
    return redirect("vendors:auctions_auction_changelist")
