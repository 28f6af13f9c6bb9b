import pytest
from django.apps import apps
from django.core.management import call_command

from marketplace.accounts.models import User
from marketplace.administration.roles import CUSTOMER, SHOP_MANAGER, SUPPORT_AGENT
from marketplace.products.models import Brand, Category, SizeChart
from marketplace.vendors.models import VendorProfile

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every row of every model, every field: what 'changes nothing' is measured against."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin"}:
            continue
        state[model._meta.label] = sorted(
            (tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()),
        )
    return state


def test_seed_demo_loads_the_catalogue_skeleton_and_accounts():
    call_command("seed_demo", verbosity=0)
    roots = set(Category.objects.filter(parent=None).values_list("slug", flat=True))
    assert {"genti", "incaltaminte", "imbracaminte", "accesorii", "bijuterii", "ceasuri"} == roots
    assert Category.objects.get(slug="ceasuri").subcategories.exists()
    assert Brand.objects.filter(name="Hermès").exists()
    women = SizeChart.objects.get(slug="incaltaminte-femei").sizes.get(eu="38")
    assert (women.uk, women.us) == ("5", "8")
    assert VendorProfile.objects.filter(status="approved").count() == 2
    assert User.objects.get(email="manager@snobistic.ro").has_role(SHOP_MANAGER)
    assert User.objects.get(email="suport@snobistic.ro").has_role(SUPPORT_AGENT)
    assert User.objects.get(email="ana@snobistic.ro").has_role(CUSTOMER)
    assert User.objects.get(email="admin@snobistic.ro").is_superuser


def test_seed_demo_twice_changes_nothing_the_second_time():
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first


def test_demo_passwords_are_printed_only_in_debug(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    assert settings.DEMO_PASSWORD not in capsys.readouterr().out
    settings.DEBUG = True
    call_command("seed_demo")
    assert settings.DEMO_PASSWORD in capsys.readouterr().out


# --- the demo shop looks real (issue 11, item 7) ------------------------------------------------
KIND_CATEGORIES = {
    "bag": {"genti"}, "flap_bag": {"genti"}, "dome_bag": {"genti"}, "shoe": {"incaltaminte"}, "boot": {"incaltaminte"}, "flat": {"incaltaminte"},
    "dress": {"imbracaminte"}, "coat": {"imbracaminte"}, "jacket": {"imbracaminte"}, "scarf": {"accesorii"},
    "sunglasses": {"accesorii"}, "belt": {"accesorii"}, "watch": {"ceasuri"}, "necklace": {"bijuterii"},
}
ROMANIAN_LETTERS = set("ăâîșțĂÂÎȘȚ")


def test_the_demo_catalogue_is_coherent_and_written_in_romanian(settings, tmp_path):
    from io import StringIO

    from PIL import Image

    from marketplace.products.demo.pieces import PIECES
    from marketplace.products.models import StoreProduct

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path)}}}
    call_command("seed_demo", verbosity=0)
    call_command("seed_catalogue", count=48, stdout=StringIO())
    table = {piece.title: piece for piece in PIECES}
    demo = list(StoreProduct.objects.filter(slug__startswith="demo-").select_related("brand", "category", "subcategory"))
    assert len(demo) == 48
    for product in demo:
        piece = table[product.title]  # every title is a curated piece ...
        assert product.brand.name == piece.brand  # ... sold under its own brand (no CARTIER "Birkin")
        assert product.category.slug in KIND_CATEGORIES[piece.kind]  # no bag under boots
        assert product.subcategory.category_id == product.category_id
        assert product.description.startswith(piece.blurb)
        assert " the " not in product.description.lower() and "Culoare:" in product.description
    assert sum(bool(ROMANIAN_LETTERS & set(p.description)) for p in demo) > len(demo) // 2
    assert len({p.brand.name for p in demo}) >= 15 and len({p.category.slug for p in demo}) == 6
    # Photos: a front and a close-up each, real files, not flat colour.
    product = demo[0]
    images = list(product.images.order_by("position"))
    assert [i.is_primary for i in images] == [True, False]
    with Image.open(tmp_path / images[0].renditions["card"]) as photo:
        rgb = photo.convert("RGB")
        assert len(rgb.getcolors(1 << 24)) > 500  # shading, shadow, gradient backdrop
        corner = rgb.getpixel((5, 5))
        centre = rgb.getpixel((rgb.width // 2, rgb.height // 2))
        assert sum(abs(a - b) for a, b in zip(corner, centre, strict=True)) > 60  # the piece stands out


def test_each_kind_of_piece_is_drawn_differently_and_the_same_way_twice():
    from PIL import ImageChops

    from marketplace.products.demo.pictures import KINDS, product_photos

    fronts = {kind: product_photos(kind, "black", seed=1)[0] for kind in KINDS}
    for kind, image in fronts.items():
        assert image.size == (640, 800) and len(image.getcolors(1 << 24)) > 300, kind
    # Silhouettes differ: any two kinds differ over a good part of the frame.
    masks = {k: im.convert("L").point(lambda v: 255 if v < 120 else 0) for k, im in fronts.items()}
    for a in KINDS:
        for b in KINDS:
            if a < b:
                diff = ImageChops.difference(masks[a], masks[b]).histogram()[255]
                assert diff > 640 * 800 // 100, (a, b)
    again = product_photos("bag", "black", seed=1)[0]
    assert ImageChops.difference(again, fronts["bag"]).getbbox() is None
