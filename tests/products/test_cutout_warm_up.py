"""A django-q2 worker loads the cut-out model as it starts (issue 20), so a vendor's first photo does not wait
for numba to compile pymatting's kernels."""

from django_q.signals import post_spawn

from marketplace.products import apps as products_apps


def test_worker_spawn_warms_background_removal_when_enabled(settings, monkeypatch):
    settings.BACKGROUND_REMOVAL_WARM_UP = True
    calls = []
    monkeypatch.setattr(products_apps, "warm_background_removal", lambda: calls.append("warm") or True)
    results = post_spawn.send(sender="django_q", proc_name="Process-1:1")
    threads = [thread for receiver, thread in results if receiver is products_apps._warm_on_worker_spawn]
    assert len(threads) == 1
    threads[0].join(timeout=5)
    assert calls == ["warm"]


def test_worker_spawn_does_nothing_when_disabled(settings, monkeypatch):
    settings.BACKGROUND_REMOVAL_WARM_UP = False
    calls = []
    monkeypatch.setattr(products_apps, "warm_background_removal", lambda: calls.append("warm") or True)
    results = dict(post_spawn.send(sender="django_q", proc_name="Process-1:1"))
    assert results[products_apps._warm_on_worker_spawn] is None
    assert calls == []


def test_a_failing_warm_up_is_logged_not_raised(settings, monkeypatch, caplog):
    settings.BACKGROUND_REMOVAL_WARM_UP = True

    def broken():
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(products_apps, "warm_background_removal", broken)
    thread = dict(post_spawn.send(sender="django_q", proc_name="Process-1:2"))[products_apps._warm_on_worker_spawn]
    thread.join(timeout=5)
    assert "background removal warm-up failed in Process-1:2" in caplog.text

