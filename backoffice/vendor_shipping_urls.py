"""The vendor's AWB pages (/vendors/shipments/<id>/awb/…): the seed's generate_awb, upload_awb, confirm_shipment.

The seed's generate_awb takes an order id; an order holds one shipment per shop, so these take the shipment's.
"""

from django.urls import path

from . import shipping_views as views
from .sites import vendor_site


def _page(view_class):
    return vendor_site.admin_view(view_class.as_view(admin_site=vendor_site))


urlpatterns = [
    path("shipments/<int:shipment_id>/awb/", _page(views.GenerateAwbView), name="generate_awb"),
    path("shipments/<int:shipment_id>/awb/photos/", _page(views.UploadAwbView), name="upload_awb"),
    path("shipments/<int:shipment_id>/awb/confirm/", _page(views.ConfirmShipmentView), name="confirm_shipment"),
    path("shipments/<int:shipment_id>/awb/label/", _page(views.AwbLabelView), name="awb_label"),
    path("shipments/<int:shipment_id>/awb/cancel/", _page(views.CancelAwbView), name="awb_cancel"),
]
