"""Staff site, background jobs (django-q2): schedules and failures, in the site's look."""

from django.contrib import admin
from django_q.admin import FailAdmin, ScheduleAdmin
from django_q.models import Failure, Schedule
from unfold.admin import ModelAdmin

staff_site = admin.site

for model in (Schedule, Failure):
    if staff_site.is_registered(model):
        staff_site.unregister(model)


@admin.register(Schedule, site=staff_site)
class JobScheduleAdmin(ScheduleAdmin, ModelAdmin):
    pass


@admin.register(Failure, site=staff_site)
class JobFailureAdmin(FailAdmin, ModelAdmin):
    pass
