"""The staff's AWB pages (/admin/platform/shipments/<id>/awb/…), for any shipment, by permission."""

from django.contrib import admin
from django.urls import path

from . import shipping_views as views


def _page(view_class):
    return admin.site.admin_view(view_class.as_view(admin_site=admin.site, staff=True))


urlpatterns = [
    path("shipments/<int:shipment_id>/awb/", _page(views.GenerateAwbView), name="staff_generate_awb"),
    path("shipments/<int:shipment_id>/awb/photos/", _page(views.UploadAwbView), name="staff_upload_awb"),
    path("shipments/<int:shipment_id>/awb/confirm/", _page(views.ConfirmShipmentView), name="staff_confirm_shipment"),
    path("shipments/<int:shipment_id>/awb/label/", _page(views.AwbLabelView), name="staff_awb_label"),
    path("shipments/<int:shipment_id>/awb/cancel/", _page(views.CancelAwbView), name="staff_awb_cancel"),
]
