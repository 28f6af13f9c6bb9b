"""Make demo orders in each state for every demo shop, so that the back offices have something to show.

    python manage.py seed_orders

For each approved shop: one order paid by bank transfer, one shipped, one delivered (cash on
delivery, collected by the courier) and one cancelled, each of its own demo piece, bought by the
demo buyers. Every step goes through the order services a person would trigger: the order is made
by ``order_create`` with full checkout details, marked paid by the admin, moved along by
``order_transition`` and cancelled by ``order_cancel``; events, payments and invoices follow.

Safe to run again: a shop's order in a state is made only while its demo piece (slug
"sample-order-<shop id>-<state>") does not exist. Needs ``seed_demo`` (reference catalogue, shops,
buyers and the admin).
"""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from marketplace.accounts.models import User, UserProfile
from marketplace.orders.models import Order, PaymentMethod
from marketplace.orders.services import (
    CheckoutDetails,
    OrderLine,
    order_cancel,
    order_create,
    order_mark_bank_transfer_paid,
    order_transition,
)
from marketplace.products.demo.photos import REMOTE_MEDIA_FLAG, REMOTE_MEDIA_HELP, demo_media_writable, demo_photo_set
from marketplace.products.demo.pieces import PIECES, describe, describe_en, title_en
from marketplace.products.models import (
    Brand,
    ConditionGrade,
    ListingStatus,
    Material,
    ProductImage,
    StoreProduct,
    SubCategory,
)
from marketplace.vendors.models import VendorProfile

S = Order.Status
# The states every shop shows, with how the order is paid and the moves that bring it there.
STATES = {
    S.PAID: (PaymentMethod.BANK_TRANSFER, ()),
    S.SHIPPED: (PaymentMethod.BANK_TRANSFER, (S.AWB_GENERATED, S.SHIPPED)),
    S.DELIVERED: (PaymentMethod.COD, (S.AWB_GENERATED, S.SHIPPED, S.DELIVERED)),
    S.CANCELLED: (PaymentMethod.BANK_TRANSFER, ()),
}
COUNTIES = {"București": "București", "Cluj-Napoca": "Cluj"}  # the demo buyers' cities
CANCEL_REASON = "Clientul a renunțat la comandă înainte de plată."
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo_accounts.json"


def demo_slug(vendor: VendorProfile, state: str) -> str:
    return f"sample-order-{vendor.pk}-{state}"


class Command(BaseCommand):
    help = "Make demo orders (paid, shipped, delivered, cancelled) for every approved shop."

    def add_arguments(self, parser):
        parser.add_argument(REMOTE_MEDIA_FLAG, action="store_true", help=REMOTE_MEDIA_HELP)

    def handle(self, *args, **options):
        self.write_remote_media = options.get("write_remote_media", False)
        if not demo_media_writable(allow_remote=self.write_remote_media):
            self.stdout.write(f"The media storage is remote: demo photo files are not written ({REMOTE_MEDIA_FLAG} writes them).")
        emails = [person["email"] for person in json.loads(FIXTURE.read_text("utf-8"))["buyers"]]
        buyers = list(User.objects.filter(email__in=emails).order_by("pk"))
        admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        vendors = list(VendorProfile.objects.filter(status=VendorProfile.Status.APPROVED).order_by("pk"))
        if not (buyers and admin and vendors and ConditionGrade.objects.exists()):
            raise CommandError("Run `manage.py seed_demo` first: no demo buyer, admin, approved shop or reference catalogue.")
        made = 0
        for shop_index, vendor in enumerate(vendors):
            for state_index, state in enumerate(STATES):
                if StoreProduct.objects.filter(slug=demo_slug(vendor, state)).exists():
                    continue
                piece = PIECES[(shop_index * len(STATES) + state_index + 5) % len(PIECES)]
                buyer = buyers[(shop_index + state_index) % len(buyers)]
                with transaction.atomic():
                    product = self._piece(vendor, piece, slug=demo_slug(vendor, state))
                    self._order(product, buyer=buyer, admin=admin, state=state)
                made += 1
        self.stdout.write(f"{made} demo orders made.")

    def _piece(self, vendor: VendorProfile, piece, *, slug: str) -> StoreProduct:
        sub = SubCategory.objects.select_related("category").get(category__slug=piece.category, slug=piece.subcategory)
        grade = ConditionGrade.objects.order_by("rank")[2:3].get()
        material = Material.objects.filter(slug=piece.material).first()
        colour = piece.colours[0]
        now = timezone.now()
        product = StoreProduct.objects.create(
            vendor=vendor, title=piece.title, title_en=title_en(piece), slug=slug, category=sub.category, subcategory=sub,
            brand=Brand.objects.get(name=piece.brand), product_type="preloved", condition=grade, colour=colour,
            material=material, description=describe(piece, colour=colour, material_name=material.name if material else "",
                                                    condition_slug=grade.slug),
            description_en=describe_en(piece, colour=colour, material_name=(material.name_en or material.name) if material else "",
                                       condition_slug=grade.slug),
            status=ListingStatus.VALIDATED, wizard_step=6, submitted_at=now, reviewed_at=now,
            price=Decimal(piece.price[0]), stock=1,
        )
        for position, paths in enumerate(demo_photo_set(piece.kind, colour, allow_remote=self.write_remote_media)):
            image = ProductImage(
                product=product, alt_text=piece.title if position == 0 else f"{piece.title} — detaliu",
                is_primary=position == 0, position=position, renditions={name: paths[name] for name in ("thumb", "card", "full")},
            )
            image.original.name = image.image.name = paths["original"]
            image.save()
        return product

    def _order(self, product: StoreProduct, *, buyer: User, admin: User, state: str) -> Order:
        payment_method, moves = STATES[state]
        profile = UserProfile.objects.filter(user=buyer).first() or UserProfile(user=buyer)
        details = CheckoutDetails(
            shipping_name=buyer.get_full_name() or buyer.email,
            shipping_phone=profile.phone or "+40722123456",
            shipping_address=profile.address_line1 or "Str. Episcopiei 6",
            shipping_city=profile.city or "București",
            shipping_county=COUNTIES.get(profile.city or "București", profile.city),
            shipping_postal_code=profile.postal_code or "010292",
            payment_method=payment_method, terms_accepted=True,
            deliveries={product.vendor_id: ("courier", "")},
        )
        order = order_create(buyer=buyer, lines=[OrderLine(product=product, quantity=1, unit_price=product.price)],
                             details=details, actor=buyer)
        if state == S.CANCELLED:
            return order_cancel(order=order, actor=admin, reason=CANCEL_REASON)
        if payment_method == PaymentMethod.BANK_TRANSFER:
            order = order_mark_bank_transfer_paid(order=order, actor=admin, bank_reference=f"OP {order.number}")
        for to_status in moves:
            order = order_transition(order=order, to_status=to_status, actor=admin)
        return order
