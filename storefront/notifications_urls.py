"""Mounted at /notifications/: the buyer's inbox, their preferences and the e-mails' one-click unsubscribe."""

from django.urls import path

import doors.converters  # noqa: F401  (registers <id:…>, a bounded <int:…>)
from storefront.pages import notifications as views

urlpatterns = [
    path("", views.inbox_view, name="notifications_inbox"),
    path("<id:notification_id>/open/", views.notification_open_view, name="notification_open"),
    path("preferences/", views.preferences_view, name="notifications_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="notifications_unsubscribe"),
]
