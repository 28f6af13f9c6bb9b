"""`job_health`: each periodic job's last run, next run and failures; a failed job can be queued again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from unfold.views import UnfoldSiteViewMixin

from marketplace.administration.jobs import ScheduleHealth, failed_task_retry, recent_failures, schedule_health

RETRY_PERMISSION = "django_q.change_failure"


def cadence(row: ScheduleHealth) -> str:
    """How often the job runs, in words."""
    schedule = row.schedule
    if schedule.schedule_type == schedule.CRON:
        return _("cron %(expression)s") % {"expression": schedule.cron}
    if schedule.schedule_type == schedule.ONCE:
        return str(_("once"))
    if row.interval is None:
        return schedule.get_schedule_type_display()
    minutes = int(row.interval.total_seconds() // 60)
    if minutes < 60:
        return ngettext("every %(n)s minute", "every %(n)s minutes", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 24:
        return ngettext("every %(n)s hour", "every %(n)s hours", hours) % {"n": hours}
    days = hours // 24
    return ngettext("every %(n)s day", "every %(n)s days", days) % {"n": days}


class JobHealthView(UnfoldSiteViewMixin, TemplateView):
    title = _("Job health")
    permission_required = "django_q.view_schedule"
    template_name = "backoffice/job_health.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = schedule_health()
        context["rows"] = [{"cadence": cadence(row), **row.__dict__} for row in rows]
        context["late_count"] = sum(1 for row in rows if row.late)
        context["failures"] = recent_failures()
        context["can_retry"] = self.request.user.has_perm(RETRY_PERMISSION)
        return context


class JobRetryView(UnfoldSiteViewMixin, View):
    """POST only: queue a failed job again (audited in the history of changes)."""

    title = _("Retry a failed job")
    permission_required = RETRY_PERMISSION
    http_method_names = ["post"]

    def post(self, request, task_id: str, *args, **kwargs):
        try:
            new_id = failed_task_retry(task_id=task_id, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The job is queued again (task %(id)s).") % {"id": new_id})
        return HttpResponseRedirect(reverse("job_health"))
