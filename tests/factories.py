import factory

from backoffice.roles import CUSTOMER, SHOP_MANAGER
from backoffice.services import role_assign
from marketplace.accounts.models import User
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
