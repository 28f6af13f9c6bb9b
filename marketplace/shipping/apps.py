from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "marketplace.shipping"
    label = "shipping"
    verbose_name = _("Shipping")

    def ready(self) -> None:
        # Receivers need the models, which exist only once the registry is ready; checkout (orders,
        # a lower layer) learns the courier's locker list through the hook it offers.
        from . import receivers  # noqa: F401, PLC0415
