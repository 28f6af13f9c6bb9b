"""The seed's administration pages, inside the staff back office (login and staff flag required)."""

from django.contrib import admin
from django.urls import path

from . import authenticity_views, job_views, views


def _page(view_class):
    return admin.site.admin_view(view_class.as_view(admin_site=admin.site))


urlpatterns = [
    path("", _page(views.SettingsOverviewView), name="admin_settings"),
    path("commissions/", _page(views.CommissionSettingsView), name="commission_settings"),
    path("returns/", _page(views.ReturnDaysSettingsView), name="return_days_settings"),
    path("shipping-deadline/", _page(views.ShippingDeadlineSettingsView), name="shipping_deadline_settings"),
    path("auction-duration/", _page(views.AuctionDurationSettingsView), name="auction_duration_settings"),
    path("roles/", _page(views.RoleManagementView), name="role_management"),
    path("validate/<int:product_id>/", _page(views.ValidatePostView), name="validate_post"),
    path("jobs/", _page(job_views.JobHealthView), name="job_health"),
    path("jobs/retry/<str:task_id>/", _page(job_views.JobRetryView), name="job_retry"),
    path("authenticity/<int:request_id>/", _page(authenticity_views.AuthenticityReviewView), name="authenticity_review"),
]
