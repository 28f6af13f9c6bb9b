"""What both sites show the same way: status badges and prices of listings, auctions and orders; invoice PDFs."""

from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from marketplace.auctions.models import Auction
from marketplace.auctions.selectors import auction_bid_history
from marketplace.common.money import format_money
from marketplace.orders.invoices import invoice_pdf
from marketplace.orders.models import Invoice
from marketplace.products.models import Product

LISTING_STATUS_COLOURS = {"draft": "info", "pending": "warning", "validated": "success", "rejected": "danger"}
AUCTION_STATUS_COLOURS = {"scheduled": "info", "live": "success", "ended": "warning", "cancelled": "danger"}
ORDER_STATUS_COLOURS = {
    "pending_payment": "warning", "paid": "success", "awb_generated": "info", "shipped": "info", "delivered": "success",
    "completed": "success", "cancelled": "danger", "return_requested": "warning", "returned": "warning", "refunded": "danger",
}


def invoice_pdf_response(invoice: Invoice):
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="factura-{invoice.series}-{invoice.number:06d}.pdf"'
    return response


class ListingDisplayMixin:
    @display(description=_("photo"))
    def photo(self, obj: Product):
        images = getattr(obj, "primary_images", None)
        if not images:
            return "—"
        image = images[0]
        url = image.image.storage.url(image.renditions.get("thumb") or image.image.name)
        return format_html('<img src="{}" alt="{}" width="48" height="48" style="object-fit:cover;border-radius:4px">', url, image.alt_text)

    @display(description=_("status"), label=LISTING_STATUS_COLOURS)
    def status_badge(self, obj: Product):
        return obj.status, obj.get_status_display()

    @display(description=_("price"))
    def price(self, obj: Product):
        if obj.kind == "store":
            return format_money(obj.storeproduct.price)
        if obj.kind == "auction":
            return _("auction from %(price)s lei") % {"price": format_money(obj.auctionproduct.starting_price, unit=False)}
        return "—"

    @display(description=_("SKU"))
    def sku_code(self, obj: Product):
        return getattr(getattr(obj, "sku", None), "code", "—")


class AuctionDisplayMixin:
    @display(description=_("status"), label=AUCTION_STATUS_COLOURS)
    def status_badge(self, obj: Auction):
        return obj.status, obj.get_status_display()

    @display(description=_("price"))
    def price(self, obj: Auction) -> str:
        return format_money(obj.current_price)

    @display(description=_("reserve"), boolean=True)
    def reserve_met_flag(self, obj: Auction) -> bool:
        return obj.reserve_met

    def _history_table(self, obj: Auction, *, anonymise: bool):
        # Vendors see what each bid did to the price, never a bidder's secret maximum.
        rows = auction_bid_history(auction=obj, anonymise=anonymise, show_maximums=not anonymise)
        if not rows:
            return _("No bids yet.")
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("round"), _("bidder"), _("maximum bid (lei)"), _("price after the bid (lei)"), _("outcome"), _("placed at"),
        )
        body = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((r.round, r.bidder, format_money(r.amount, unit=False), format_money(r.price_after, unit=False), r.outcome_label, r.timestamp.strftime("%d.%m.%Y %H:%M:%S"))
             for r in rows),
        )
        return format_html('<table class="w-full text-sm">{}{}</table>', head, body)
