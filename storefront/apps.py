from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "storefront"
    label = "storefront"
    verbose_name = _("Storefront")

    def ready(self) -> None:
        # Models can be imported only once the app registry is ready, i.e. here, not at module level.
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from doors.catalogue_cache import catalogue_changed  # noqa: PLC0415
        from marketplace.authenticity.models import Certificate  # noqa: PLC0415
        from marketplace.products.models import AuctionProduct, Product, ProductImage, StoreProduct  # noqa: PLC0415

        # A thin trigger: invalidate cached anonymous catalogue pages, nothing else.
        for model in (Product, StoreProduct, AuctionProduct, ProductImage):
            post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"storefront-cache-save-{model.__name__}")
            post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"storefront-cache-delete-{model.__name__}")
        # A certificate issued or revoked shows or hides the "Authenticated" badge and filter.
        post_save.connect(catalogue_changed, sender=Certificate, dispatch_uid="storefront-cache-save-Certificate")
