import factory

from marketplace.accounts.models import User
from marketplace.administration.roles import CUSTOMER, SHOP_MANAGER
from marketplace.administration.services import role_assign
from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_approve

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.ro")
    username = factory.Sequence(lambda n: f"person{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for slug in extracted or ():
            role_assign(user=self, slug=slug)


def customer(**kwargs) -> User:
    return UserFactory(roles=[CUSTOMER], **kwargs)


def shop_manager(**kwargs) -> User:
    return UserFactory(roles=[SHOP_MANAGER], is_staff=True, **kwargs)


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorProfile

    user = factory.SubFactory(UserFactory)
    shop_name = factory.Sequence(lambda n: f"Boutique {n}")
    slug = factory.Sequence(lambda n: f"boutique-{n}")
    legal_name = factory.LazyAttribute(lambda o: f"{o.shop_name} SRL")
    vat_number = "RO41283370"
    vat_payer = factory.LazyAttribute(lambda o: o.vat_number.upper().startswith("RO"))
    iban = "RO16BTRLRONCRT0123456701"


def approved_vendor(**kwargs) -> VendorProfile:
    vendor = VendorFactory(**kwargs)
    return vendor_approve(vendor=vendor, actor=None)


def login_with_second_factor(client, user):
    """Sign ``user`` in with a verified second factor, as after /accounts/2fa/."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def catalogue():
    """A tiny catalogue: one category, subcategory, brand, condition and size chart."""
    from marketplace.products.models import Brand, Category, ConditionGrade, Material, Size, SizeChart, SubCategory

    category, _ = Category.objects.get_or_create(slug="genti", defaults={"name": "Genți", "name_en": "Bags"})
    sub, _ = SubCategory.objects.get_or_create(category=category, slug="genti-de-mana", defaults={"name": "Genți de mână"})
    brand, _ = Brand.objects.get_or_create(slug="hermes", defaults={"name": "Hermès"})
    grade, _ = ConditionGrade.objects.get_or_create(slug="excelent", defaults={"name": "Excelent", "rank": 3})
    material, _ = Material.objects.get_or_create(slug="piele", defaults={"name": "Piele"})
    chart, _ = SizeChart.objects.get_or_create(slug="incaltaminte-femei", defaults={"name": "Încălțăminte damă"})
    size, _ = Size.objects.get_or_create(chart=chart, position=0, defaults={"eu": "38", "it": "38", "fr": "38", "us": "8", "uk": "5"})
    return {"category": category, "subcategory": sub, "brand": brand, "condition": grade, "material": material, "size": size}


def store_product(vendor, *, status="draft", price="1200.00", title="Geantă Birkin 30", **extra):
    from decimal import Decimal

    from django.utils.crypto import get_random_string
    from django.utils.text import slugify

    from marketplace.products.models import StoreProduct

    cat = catalogue()
    return StoreProduct.objects.create(
        vendor=vendor, title=title, slug=f"{slugify(title)}-{get_random_string(6).lower()}",
        category=cat["category"], subcategory=cat["subcategory"], brand=cat["brand"], product_type="preloved",
        condition=cat["condition"], status=status, price=Decimal(price), stock=1, wizard_step=6,
        rejection_reason="x" if status == "rejected" else "", **extra,
    )


def jpeg_bytes(size=(64, 48), colour=(200, 30, 30), exif_gps=False) -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (44.0, 25.0, 0.0), 3: "E", 4: (26.0, 6.0, 0.0)}  # GPSInfo: Bucharest
        exif[0x0112] = 6  # Orientation: rotate 90°
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


# --- orders ---------------------------------------------------------------------------------
def buyable(vendor, *, price="1200.00", stock=1, title="Geantă Kelly 28", **extra):
    """A validated fixed-price piece with ``stock`` pieces: what a buyer can put in a cart."""
    from marketplace.products.models import StoreProduct

    product = store_product(vendor, status="validated", price=price, title=title, **extra)
    StoreProduct.objects.filter(pk=product.pk).update(stock=stock)
    product.refresh_from_db()
    return product


def checkout_details(vendors, **overrides):
    """A complete checkout: delivery to a Bucharest address, courier for every vendor, cash on delivery."""
    from marketplace.orders.services import CheckoutDetails

    values = {
        "shipping_name": "Ana Popescu", "shipping_phone": "+40722123456", "shipping_address": "Str. Ștefan cel Mare 10",
        "shipping_city": "București", "shipping_county": "București", "shipping_postal_code": "010101",
        "payment_method": "cod", "terms_accepted": True,
        "deliveries": {vendor.pk: ("courier", "") for vendor in vendors},
    }
    values.update(overrides)
    return CheckoutDetails(**values)


def auction_product(vendor, *, status="validated", starting_price="100.00", reserve_price=None, bid_increment=None,
                    duration_hours=24, title="Geantă Kelly 28 la licitație", **extra):
    """An AuctionProduct (no Auction row: validating it, or auctions.services, makes that)."""
    from decimal import Decimal

    from django.utils.crypto import get_random_string
    from django.utils.text import slugify

    from marketplace.products.models import AuctionProduct

    cat = catalogue()
    return AuctionProduct.objects.create(
        vendor=vendor, title=title, slug=f"{slugify(title)}-{get_random_string(6).lower()}",
        category=cat["category"], subcategory=cat["subcategory"], brand=cat["brand"], product_type="preloved",
        condition=cat["condition"], status=status, wizard_step=6, starting_price=Decimal(starting_price),
        reserve_price=None if reserve_price is None else Decimal(reserve_price),
        bid_increment=None if bid_increment is None else Decimal(bid_increment), duration_hours=duration_hours,
        rejection_reason="x" if status == "rejected" else "", **extra,
    )


def live_auction(vendor=None, **product_fields):
    """A live auction of a validated listing, made through auctions.services like in production."""
    from marketplace.auctions.services import auction_create_for_product

    product = auction_product(vendor or approved_vendor(), **product_fields)
    return auction_create_for_product(product=product)
