"""Photo handling: checks on upload, clean originals, WebP renditions, background removal.

Background removal uses rembg with the u2netp model when its file is on disk
(``$U2NET_HOME/models/u2netp/u2netp.onnx``, placed by ``make install``), so it never reaches
for the network. Without the file, ``cut_out_plain_background`` does the job for photos shot
on a plain, evenly lit backdrop (the usual studio shot): it floods from the borders across
pixels close to the border colour and makes them transparent.
"""

import io
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITIONS = {"thumb": 320, "card": 800, "full": 1600}


def validate_image_upload(upload) -> Image.Image:
    """Open and check an upload; return it upright and without metadata, or raise ValidationError."""
    if upload.size > settings.PRODUCT_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)s MB.") % {"mb": settings.PRODUCT_IMAGE_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This file is not a photo we can read (JPEG, PNG or WebP)."), code="not_image") from exc
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(_("Photos must be JPEG, PNG or WebP."), code="format")
    if width * height > settings.PRODUCT_IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The photo has too many pixels (at most %(mp)s megapixels).")
            % {"mp": settings.PRODUCT_IMAGE_MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    upload.seek(0)
    image = Image.open(upload)
    image.load()
    image = ImageOps.exif_transpose(image)  # turn it upright, as the camera meant
    # A new image from the raw pixels carries no EXIF, so no GPS position leaves with it.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    clean.format = fmt
    return clean


def encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def renditions(image: Image.Image) -> dict[str, bytes]:
    """WebP copies whose longer side is at most 320, 800 and 1600 pixels (never enlarged)."""
    out = {}
    for name, side in RENDITIONS.items():
        copy = image.copy()
        copy.thumbnail((side, side), Image.Resampling.LANCZOS)
        out[name] = encode(copy if copy.mode in ("RGB", "RGBA") else copy.convert("RGBA"), "WEBP")
    return out


def rembg_model_path() -> Path:
    return Path(settings.U2NET_HOME) / "models" / "u2netp" / "u2netp.onnx"


def _rembg():
    """rembg's ``remove`` and a session of the u2netp model, made once per process.

    Lazy on purpose: rembg pulls onnxruntime and pymatting, whose numba kernels compile on first import.
    ``NUMBA_CACHE_DIR`` must be set before numba is imported for the compiled kernels to be kept and reused.
    """
    global _REMBG  # noqa: PLW0603 - one model session per process, loaded on first use
    if _REMBG is None:
        os.environ["U2NET_HOME"] = str(settings.U2NET_HOME)
        os.environ.setdefault("NUMBA_CACHE_DIR", str(settings.NUMBA_CACHE_DIR))
        from rembg import new_session, remove  # noqa: PLC0415

        _REMBG = (remove, new_session("u2netp"))
    return _REMBG


_REMBG = None


def remove_background(image: Image.Image) -> tuple[Image.Image, str]:
    """A cut-out with a transparent background, and which method made it ('rembg' or 'plain')."""
    if rembg_model_path().exists():
        remove, session = _rembg()
        return remove(image.convert("RGBA"), session=session), "rembg"
    return cut_out_plain_background(image), "plain"


def warm_background_removal() -> bool:
    """Load rembg and its model now (a worker starting), so the first photo does not pay for it."""
    if not rembg_model_path().exists():
        return False
    _rembg()
    return True


def cut_out_plain_background(image: Image.Image, tolerance: int = 40) -> Image.Image:
    """Make the backdrop transparent: pixels near the border's main colour *and* connected to
    the border become transparent; the same colour inside the object (a white logo) stays."""
    # Lazy on purpose: numpy + scipy.ndimage take ~0.5 s to import; only the cut-out job uses them.
    import numpy as np  # noqa: PLC0415
    from scipy import ndimage  # noqa: PLC0415

    rgba = image.convert("RGBA")
    rgb = np.asarray(rgba.convert("RGB"), dtype=np.int16)
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    quantised = (border // 8) * 8
    values, counts = np.unique(quantised, axis=0, return_counts=True)
    backdrop = values[counts.argmax()]
    near = np.abs(rgb - backdrop).sum(axis=2) <= tolerance * 3
    labels, _count = ndimage.label(near)
    edge_labels = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    background = np.isin(labels, edge_labels[edge_labels > 0])
    alpha = np.where(background, 0, 255).astype(np.uint8)
    rgba.putalpha(Image.fromarray(alpha, mode="L"))
    return rgba
