"""Cross-app plumbing: idempotent upserts for reference data and the job schedule sync."""

from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone
from django_q.models import Schedule


def upsert(model: type[models.Model], *, lookup: dict, values: dict) -> tuple[models.Model, bool, bool]:
    """Get-or-create by ``lookup`` and set ``values``, saving only when something differs.

    Returns (object, created, changed). Running it twice with the same input writes nothing
    the second time, so ``updated_at`` stays put.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True, False
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return obj, False, bool(changed)


SCHEDULE_FIELDS = ("func", "schedule_type", "cron", "minutes", "args", "kwargs")


@transaction.atomic
def schedules_sync(definitions: Iterable[dict]) -> dict[str, list[str]]:
    """Make django_q.Schedule hold each declared job exactly once, as declared."""
    report: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": []}
    for definition in definitions:
        wanted = {f: definition.get(f) for f in SCHEDULE_FIELDS if f in definition}
        schedule = Schedule.objects.select_for_update().filter(name=definition["name"]).first()
        if schedule is None:
            Schedule.objects.create(name=definition["name"], repeats=-1, next_run=timezone.now(), **wanted)
            report["created"].append(definition["name"])
        elif any(getattr(schedule, f) != v for f, v in wanted.items()):
            for f, v in wanted.items():
                setattr(schedule, f, v)
            schedule.save()
            report["updated"].append(definition["name"])
        else:
            report["unchanged"].append(definition["name"])
    return report
