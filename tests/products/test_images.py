import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.products.images import cut_out_plain_background, remove_background, validate_image_upload
from marketplace.products.models import ProductImage
from marketplace.products.services import product_image_add, product_image_revert
from marketplace.products.tasks import background_remove_task
from tests.factories import approved_vendor, jpeg_bytes, store_product

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def studio_shot(size=(200, 160)) -> bytes:
    """A dark "bag" on an even light-grey backdrop, with a light logo inside the bag."""
    image = Image.new("RGB", size, (236, 236, 236))
    for x in range(50, 150):
        for y in range(40, 130):
            image.putpixel((x, y), (60, 30, 20))
    for x in range(90, 110):
        for y in range(70, 90):
            image.putpixel((x, y), (236, 236, 236))  # same colour as the backdrop, but inside
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_text_file_renamed_jpg_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(upload(b"this is not a photo at all", "bag.jpg"))
    assert exc.value.code == "not_image"


def test_an_oversized_file_is_refused(settings):
    settings.PRODUCT_IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(upload(jpeg_bytes(size=(400, 400))))
    assert exc.value.code == "too_large"


def test_a_decompression_bomb_is_refused(settings):
    settings.PRODUCT_IMAGE_MAX_PIXELS = 10_000
    buffer = io.BytesIO()
    Image.new("1", (4000, 4000)).save(buffer, format="PNG")  # tiny file, 16 megapixels
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(upload(buffer.getvalue(), "bomb.png"))
    assert exc.value.code == "too_many_pixels"


def test_other_formats_are_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    with pytest.raises(ValidationError) as exc:
        validate_image_upload(upload(buffer.getvalue(), "a.gif"))
    assert exc.value.code == "format"


def test_orientation_is_applied_and_gps_removed():
    clean = validate_image_upload(upload(jpeg_bytes(size=(64, 48), exif_gps=True)))
    assert clean.size == (48, 64)  # turned upright
    from marketplace.products.images import encode

    stored = Image.open(io.BytesIO(encode(clean, "JPEG")))
    assert 0x8825 not in stored.getexif()


def test_upload_renditions_and_background_removal(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.U2NET_HOME = tmp_path  # no model file: the plain-backdrop fallback runs
    product = store_product(approved_vendor())
    with django_capture_on_commit_callbacks(execute=True):
        image = product_image_add(product=product, upload=SimpleUploadedFile("bag.png", studio_shot(), content_type="image/png"))
    image.refresh_from_db()
    assert image.background_removed and image.image.name != image.original.name
    assert set(image.renditions) == {"thumb", "card", "full"}
    with image.image.open("rb") as handle:
        cut = Image.open(handle)
        cut.load()
    assert cut.mode == "RGBA"
    assert cut.getpixel((2, 2))[3] == 0  # backdrop transparent
    assert cut.getpixel((60, 50))[3] == 255  # the bag stays
    assert cut.getpixel((100, 80))[3] == 255  # the light logo inside the bag stays
    from django.core.files.storage import default_storage

    with default_storage.open(image.renditions["thumb"]) as handle:
        assert Image.open(handle).format == "WEBP"

    with django_capture_on_commit_callbacks(execute=True):
        product_image_revert(image=image)
    image.refresh_from_db()
    assert image.image.name == image.original.name and not image.background_removed


def test_background_task_is_safe_to_run_twice(settings, tmp_path):
    settings.U2NET_HOME = tmp_path
    product = store_product(approved_vendor())
    image = product_image_add(product=product, upload=SimpleUploadedFile("bag.png", studio_shot(), content_type="image/png"))
    assert background_remove_task(image.pk) == "plain"
    first = ProductImage.objects.get(pk=image.pk).image.name
    assert background_remove_task(image.pk) == "done"
    assert ProductImage.objects.get(pk=image.pk).image.name == first


def test_fallback_cut_out_on_a_generated_picture():
    picture = Image.open(io.BytesIO(studio_shot()))
    cut = cut_out_plain_background(picture)
    alpha = cut.getchannel("A")
    assert alpha.getextrema() == (0, 255)


@pytest.mark.skipif(
    not __import__("pathlib").Path(__import__("django.conf", fromlist=["settings"]).settings.U2NET_HOME, "models/u2netp/u2netp.onnx").exists(),
    reason="u2netp model file not installed (make install places it)",
)
def test_rembg_with_the_u2netp_model_gives_transparency():
    picture = Image.open(io.BytesIO(studio_shot()))
    cut, method = remove_background(picture)
    assert method == "rembg"
    assert cut.mode == "RGBA" and cut.getchannel("A").getextrema()[0] < 128
