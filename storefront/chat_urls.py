"""Mounted at /chat/: the seed's chat/urls.py names for buyer ↔ seller conversations (conversations, send_message)."""

from django.urls import path

import doors.converters  # noqa: F401  (registers <id:…>, a bounded <int:…>)
from storefront.pages import chat as views

urlpatterns = [
    path("", views.conversation_list_view, name="conversations"),
    path("<id:conversation_id>/", views.conversation_detail_view, name="conversation_detail"),
    path("<id:conversation_id>/message/", views.message_create_view, name="send_message"),
    path("<id:conversation_id>/messages.json", views.conversation_messages_view, name="conversation_messages"),
    path("<id:conversation_id>/report/<id:message_id>/", views.message_report_view, name="report_message"),
]
