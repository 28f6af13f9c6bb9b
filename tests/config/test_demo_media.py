"""Demo and benchmark commands never write to a remote media storage (production's bucket) unless asked.

A storage that is neither on disk nor in memory counts as remote: `seed_auctions`,
`seed_catalogue` and `seed_orders` then make their rows without writing photo files, and say so;
`--write-remote-media` writes them.
"""

import io

import pytest
from django.core.files.storage import InMemoryStorage, Storage
from django.core.management import call_command

from marketplace.products.demo.photos import demo_media_writable, demo_photo_set
from marketplace.products.models import ProductImage

pytestmark = pytest.mark.django_db
SAVED: list[str] = []


class RemoteLikeStorage(Storage):
    """Stands in for S3: remembers what would have been uploaded."""

    def _save(self, name, content):
        SAVED.append(name)
        return name

    def exists(self, name):
        return name in SAVED

    def url(self, name):
        return f"https://bucket.example/{name}"

    def delete(self, name):
        pass


@pytest.fixture
def remote_storage(settings):
    SAVED.clear()
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.config.test_demo_media.RemoteLikeStorage"}}
    yield SAVED
    SAVED.clear()


def test_only_local_storages_are_writable_without_asking():
    assert demo_media_writable(InMemoryStorage())
    assert not demo_media_writable(RemoteLikeStorage())
    assert demo_media_writable(RemoteLikeStorage(), allow_remote=True)


def test_demo_photo_set_gives_paths_without_writing_to_a_remote_storage():
    remote = RemoteLikeStorage()
    SAVED.clear()
    paths = demo_photo_set("bag", "black", storage=remote)
    assert SAVED == [] and paths[0]["card"].endswith("-card.webp")
    demo_photo_set("bag", "black", storage=remote, allow_remote=True)
    assert len(SAVED) == 8  # front and detail: original and three renditions each


@pytest.mark.parametrize(
    ("command", "kwargs"),
    [("seed_auctions", {"count": 1}), ("seed_catalogue", {"count": 2}), ("seed_orders", {})],
)
def test_seed_commands_leave_a_remote_bucket_alone_unless_asked(remote_storage, command, kwargs):
    call_command("seed_demo", verbosity=0)
    out = io.StringIO()
    call_command(command, stdout=out, **kwargs)
    assert remote_storage == []
    assert "--write-remote-media" in out.getvalue()
    assert ProductImage.objects.exists()  # the rows are made all the same


def test_seed_auctions_writes_to_a_remote_bucket_when_asked(remote_storage):
    call_command("seed_demo", verbosity=0)
    call_command("seed_auctions", count=1, write_remote_media=True, stdout=io.StringIO())
    assert remote_storage and all(name.startswith("demo/") for name in remote_storage)
