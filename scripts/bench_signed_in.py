"""Make the benchmark's signed-in buyers and print one session cookie per line: ``<cookie name>=<key>``.

Run with the benchmark's settings and database (``manage.py shell`` is not needed: this sets Django up).
Each buyer (bench-buyer-<n>@snobistic.invalid, no usable password: nobody can sign in with it) gets a
saved size in the two categories with the most pieces on sale, so "Only my sizes" narrows the list,
and about one piece in seven of the first pages as a favourite, so the page marks some hearts. The
session is made as ``django.contrib.auth.login`` makes one (user id, backend, session hash), without a
password check: the benchmark measures the catalogue, not PBKDF2.

    python scripts/bench_signed_in.py <buyers>
"""

import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from marketplace.customers.models import Favorite, SavedDimension  # noqa: E402
from marketplace.products.models import StoreProduct  # noqa: E402


def main(buyers: int) -> None:
    on_sale = StoreProduct.objects.public().on_sale()
    top = list(
        on_sale.filter(size__isnull=False).values("category_id").annotate(n=Count("pk")).order_by("-n", "category_id").values_list("category_id", "n")[:2]
    )
    sizes = {
        category_id: on_sale.filter(category_id=category_id, size__isnull=False).values("size_id").annotate(n=Count("pk")).order_by("-n")[0]["size_id"]
        for category_id, _n in top
    }
    first_pages = list(on_sale.filter(product_type="preloved").order_by("price", "pk").values_list("pk", flat=True)[:2000])
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    backend = "django.contrib.auth.backends.ModelBackend"  # the one a password sign-in records
    User = get_user_model()
    for n in range(buyers):
        email = f"bench-buyer-{n}@snobistic.invalid"
        user, created = User.objects.get_or_create(email=email, defaults={"username": email})
        if created:
            user.set_unusable_password()
            user.save()
        for category_id, size_id in sizes.items():
            SavedDimension.objects.update_or_create(user=user, category_id=category_id, defaults={"size_id": size_id})
        Favorite.objects.bulk_create(
            [Favorite(user=user, product_id=pk) for pk in first_pages[n::7]], ignore_conflicts=True
        )
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        print(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
