"""Staff support pages (`admin_chat` and its JSON endpoints) inside the staff back office, under /admin/platform/."""

from django.contrib import admin
from django.urls import path

from . import support_views as views


def _page(view_class):
    return admin.site.admin_view(view_class.as_view(admin_site=admin.site))


def _json(view_class):
    return admin.site.admin_view(view_class.as_view())


urlpatterns = [
    path("chat/", _page(views.AdminChatView), name="admin_chat"),
    path("chat/queue/", _json(views.AdminChatQueueView), name="admin_chat_queue"),
    path("chat/<int:chat_id>/messages/", _json(views.AdminChatMessagesView), name="admin_chat_messages"),
    path("chat/<int:chat_id>/action/", _json(views.AdminChatActionView), name="admin_chat_action"),
]
