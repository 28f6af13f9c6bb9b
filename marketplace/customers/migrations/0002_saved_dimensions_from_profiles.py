"""Move the sizes kept in ``UserProfile.saved_dimensions`` (JSON) into ``SavedDimension`` rows.

The JSON was ``{category slug: {"system": "eu", "size": "38"}}`` (a bare ``"38"`` reads as EU).
A size is found in the category's size charts by its label in that system; a row the buyer
already saved the new way wins. Entries that name no main category or no size of its charts
cannot be kept and are dropped (the next migration removes the JSON field).
Backwards, the rows are written back into the JSON.
"""

from django.db import migrations

SYSTEMS = ("eu", "it", "fr", "us", "uk")


def forwards(apps, schema_editor):
    UserProfile = apps.get_model("accounts", "UserProfile")
    Category = apps.get_model("products", "Category")
    Size = apps.get_model("products", "Size")
    SavedDimension = apps.get_model("customers", "SavedDimension")
    categories = {c.slug: c for c in Category.objects.filter(parent__isnull=True)}
    for profile in UserProfile.objects.exclude(saved_dimensions={}).iterator():
        if not isinstance(profile.saved_dimensions, dict):
            continue
        for slug, entry in profile.saved_dimensions.items():
            if isinstance(entry, dict):
                system, label = str(entry.get("system") or "eu").lower(), str(entry.get("size") or "").strip()
            else:
                system, label = "eu", str(entry).strip()
            category = categories.get(slug)
            if category is None or system not in SYSTEMS or not label:
                continue
            size = (
                Size.objects.filter(chart__categories=category, **{f"{system}__iexact": label})
                .order_by("chart_id", "position")
                .first()
            )
            if size is None:
                continue
            SavedDimension.objects.get_or_create(
                user_id=profile.user_id, category=category, defaults={"size": size, "system": system}
            )


def backwards(apps, schema_editor):
    UserProfile = apps.get_model("accounts", "UserProfile")
    SavedDimension = apps.get_model("customers", "SavedDimension")
    by_user: dict[int, dict] = {}
    for saved in SavedDimension.objects.select_related("category", "size"):
        label = getattr(saved.size, saved.system)
        by_user.setdefault(saved.user_id, {})[saved.category.slug] = {"system": saved.system, "size": label}
    for user_id, sizes in by_user.items():
        UserProfile.objects.filter(user_id=user_id).update(saved_dimensions=sizes)


class Migration(migrations.Migration):

    dependencies = [
        ("customers", "0001_add_favorites_wishlist_saved_sizes"),
        ("accounts", "0003_add_profile_language"),
        ("products", "0007_move_importjob_from_backoffice"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
