"""The seed's support pages (`live_chat`, `support_redirect`, `tickets`, `ticket_detail`, `ticket_respond`) under /support/."""

from django.urls import path

import doors.converters  # noqa: F401  (registers <id:…>, a bounded <int:…>)

from .pages import support as views

urlpatterns = [
    path("", views.ticket_list_view, name="tickets"),
    path("<id:ticket_id>/", views.ticket_detail_view, name="ticket_detail"),
    path("<id:ticket_id>/respond/", views.ticket_response_view, name="ticket_respond"),
    path("live/", views.live_chat_view, name="live_chat"),
    path("live/<id:chat_id>/poll/", views.live_chat_poll_view, name="live_chat_poll"),
    path("live/<id:chat_id>/close/", views.live_chat_close_view, name="live_chat_close"),
    path("redirect/<id:ticket_id>/", views.support_redirect_view, name="support_redirect"),
    path("webhooks/inbound-email/", views.inbound_email_view, name="support_inbound_email"),
]
