"""Jobs and realtime plumbing: schedules are idempotent, the channel layer carries messages."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.management import call_command
from django_q.models import Schedule

from config.schedules import SCHEDULES
from marketplace.common.services import schedules_sync


@pytest.mark.django_db
def test_schedules_are_created_once_and_updated_when_their_definition_changes():
    first = schedules_sync(SCHEDULES)
    assert sorted(first["created"]) == sorted(s["name"] for s in SCHEDULES)
    second = schedules_sync(SCHEDULES)
    assert second["created"] == [] and second["updated"] == []
    assert Schedule.objects.count() == len(SCHEDULES)

    changed = [{**SCHEDULES[0], "cron": "30 4 * * *"}]
    assert schedules_sync(changed)["updated"] == [SCHEDULES[0]["name"]]
    assert Schedule.objects.get(name=SCHEDULES[0]["name"]).cron == "30 4 * * *"


@pytest.mark.django_db
def test_sync_schedules_command_runs_twice():
    call_command("sync_schedules")
    call_command("sync_schedules")
    assert Schedule.objects.count() == len(SCHEDULES)


def test_every_scheduled_job_points_at_an_importable_function():
    from django.utils.module_loading import import_string

    for definition in SCHEDULES:
        assert callable(import_string(definition["func"]))


def test_channel_layer_delivers_group_messages():
    layer = get_channel_layer()

    async def roundtrip():
        channel = await layer.new_channel()
        await layer.group_add("auction-1", channel)
        await layer.group_send("auction-1", {"type": "price.changed", "price": "150.00"})
        return await layer.receive(channel)

    message = async_to_sync(roundtrip)()
    assert message == {"type": "price.changed", "price": "150.00"}


def test_q_cluster_runs_jobs_inline_in_tests(settings):
    assert settings.Q_CLUSTER["sync"] is True
    assert "orm" in settings.Q_CLUSTER or "redis" in settings.Q_CLUSTER
