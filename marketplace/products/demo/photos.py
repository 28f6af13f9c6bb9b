"""The demo pictures, through the same checks and renditions as a vendor's upload, stored once per look."""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage, default_storage

from marketplace.products.images import encode, renditions, validate_image_upload

from .pictures import jpeg_bytes, product_photos

VIEWS = ("front", "detail")
REMOTE_MEDIA_FLAG = "--write-remote-media"
REMOTE_MEDIA_HELP = "also write the demo photo files when the media storage is remote (an S3 bucket); never by default"


def demo_media_writable(storage=None, *, allow_remote: bool = False) -> bool:
    """May a demo or benchmark command write files into ``storage``?

    Files on this machine (disk, memory) yes; any other storage — production's S3 bucket — only
    when the command was asked to (``--write-remote-media``). Otherwise the rows are still made,
    with photo paths that point at nothing.
    """
    storage = storage or default_storage
    return allow_remote or isinstance(storage, FileSystemStorage | InMemoryStorage)


def demo_photo_set(
    kind: str, colour: str, *, seed: int = 0, storage=None, write: bool = True, allow_remote: bool = False
) -> list[dict]:
    """Paths of the front and close-up photos of one look: {"original", "thumb", "card", "full"} each.

    Files already stored are not drawn again (the paths depend only on kind, colour and seed).
    Nothing is written to a remote storage unless ``allow_remote`` (``demo_media_writable``).
    """
    storage = storage or default_storage
    write = write and demo_media_writable(storage, allow_remote=allow_remote)
    base = f"demo/{kind}-{colour}-{seed}"
    out = [
        {"original": f"{base}-{view}.jpg", **{name: f"{base}-{view}-{name}.webp" for name in ("thumb", "card", "full")}}
        for view in VIEWS
    ]
    if not write or all(storage.exists(paths["card"]) for paths in out):
        return out
    for picture, paths in zip(product_photos(kind, colour, seed=seed), out, strict=True):
        upload = ContentFile(jpeg_bytes(picture), name=paths["original"])
        clean = validate_image_upload(upload)  # what product_image_add checks on every upload
        files = {"original": encode(clean, clean.format), **renditions(clean)}
        for name, data in files.items():
            if storage.exists(paths[name]):
                storage.delete(paths[name])
            storage.save(paths[name], ContentFile(data))
    return out


def demo_photo_paths(write_files: bool, photo_dir: str | None = None, *, allow_remote: bool = False):
    """A function giving the photo paths of one look (kind, colour, variant), drawing each look once
    (shared by the catalogue's and the auctions' demo seeds)."""
    storage = FileSystemStorage(location=photo_dir) if photo_dir else default_storage
    cache: dict[tuple, list[dict]] = {}

    def paths(kind: str, colour: str, variant: int) -> list[dict]:
        key = (kind, colour, variant)
        if key not in cache:
            cache[key] = demo_photo_set(
                kind, colour, seed=variant, storage=storage, write=write_files, allow_remote=allow_remote
            )
        return cache[key]

    return paths
