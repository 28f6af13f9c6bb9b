"""The authenticity service's public pages: the request (no account), its links, the certificate, /verify/<serial>/."""

from django.urls import path

from .pages import authenticity

urlpatterns = [
    path("authenticity/", authenticity.request_view, name="authenticity_request"),
    path("authenticity/sent/", authenticity.sent_view, name="authenticity_sent"),
    path("authenticity/confirm/<str:token>/", authenticity.confirm_view, name="authenticity_confirm"),
    path("authenticity/status/<str:token>/", authenticity.status_view, name="authenticity_status"),
    path("authenticity/status/<str:token>/pay/", authenticity.pay_card_view, name="authenticity_pay_card"),
    path("authenticity/certificate/<str:serial>.pdf", authenticity.certificate_pdf_view, name="authenticity_certificate_pdf"),
    path("verify/<str:serial>/", authenticity.verify_view, name="authenticity_verify"),
]
