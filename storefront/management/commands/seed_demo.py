"""Load the demo catalogue skeleton and demo accounts from fixtures/. Safe to run again."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from marketplace.accounts.models import User, UserProfile
from marketplace.accounts.services import account_created, user_create
from marketplace.administration.services import role_assign
from marketplace.common.services import upsert
from marketplace.products.models import Brand, Category, ConditionGrade, Material, Size, SizeChart, SubCategory
from marketplace.vendors.models import VendorProfile
from marketplace.vendors.services import vendor_apply, vendor_approve

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the demo catalogue (categories, brands, materials, conditions, sizes) and demo accounts."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = self.load_catalogue(json.loads((FIXTURES / "catalogue.json").read_text("utf-8")))
            accounts = self.load_accounts(json.loads((FIXTURES / "demo_accounts.json").read_text("utf-8")))
        self.stdout.write(self.style.SUCCESS("Demo data: " + ", ".join(f"{k} {v}" for k, v in counts.items())))
        if settings.DEBUG:
            self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
            for label, email in accounts:
                self.stdout.write(f"  {label:14} {email}")
        else:
            self.stdout.write(f"{len(accounts)} demo accounts ready (passwords are shown only with DEBUG on).")

    # --- catalogue -------------------------------------------------------------------------
    def load_catalogue(self, data: dict) -> dict[str, int]:
        for cat in data["categories"]:
            category, _c, _u = upsert(
                Category,
                lookup={"slug": cat["slug"]},
                values={
                    "name": cat["name"], "name_en": cat["name_en"], "position": cat["position"],
                    "preset_dimensions": cat.get("preset_dimensions", []),
                },
            )
            for sub in cat["subcategories"]:
                upsert(
                    SubCategory,
                    lookup={"category": category, "slug": sub["slug"]},
                    values={"name": sub["name"], "name_en": sub["name_en"], "position": sub["position"]},
                )
        for brand in data["brands"]:
            upsert(
                Brand,
                lookup={"slug": slugify(brand["name"])},
                values={"name": brand["name"], "country": brand["country"], "founded": brand["founded"]},
            )
        for material in data["materials"]:
            upsert(Material, lookup={"slug": material["slug"]}, values={k: material[k] for k in ("name", "name_en")})
        for grade in data["conditions"]:
            upsert(
                ConditionGrade,
                lookup={"slug": grade["slug"]},
                values={k: grade[k] for k in ("rank", "name", "name_en", "description", "description_en")},
            )
        for chart_data in data["size_charts"]:
            chart, _c, _u = upsert(
                SizeChart,
                lookup={"slug": chart_data["slug"]},
                values={"name": chart_data["name"], "name_en": chart_data["name_en"]},
            )
            wanted = set(Category.objects.filter(slug__in=chart_data["categories"]).values_list("pk", flat=True))
            if set(chart.categories.values_list("pk", flat=True)) != wanted:
                chart.categories.set(wanted)
            for position, size in enumerate(chart_data["sizes"]):
                upsert(Size, lookup={"chart": chart, "position": position}, values=size)
        return {
            "categories": Category.objects.count(),
            "subcategories": SubCategory.objects.count(),
            "brands": Brand.objects.count(),
            "materials": Material.objects.count(),
            "condition grades": ConditionGrade.objects.count(),
            "size charts": SizeChart.objects.count(),
        }

    # --- accounts --------------------------------------------------------------------------
    def _user(self, person: dict, *, is_staff: bool = False, is_superuser: bool = False) -> User:
        user = User.objects.filter(email=person["email"]).first()
        if user is None:
            user = user_create(
                email=person["email"],
                password=settings.DEMO_PASSWORD,
                first_name=person["first_name"],
                last_name=person["last_name"],
                is_staff=is_staff,
                is_superuser=is_superuser,
            )
        return user

    def load_accounts(self, data: dict) -> list[tuple[str, str]]:
        shown: list[tuple[str, str]] = []
        admin_user = None
        for person in data["staff"]:
            user = self._user(person, is_staff=True, is_superuser=person.get("is_superuser", False))
            role_assign(user=user, slug=person["role"])
            admin_user = admin_user or user
            shown.append((person["role"], user.email))
        for person in data["vendors"]:
            user = self._user(person)
            vendor = VendorProfile.objects.filter(user=user).first()
            if vendor is None:
                vendor = vendor_apply(
                    user=user,
                    **{k: person[k] for k in ("shop_name", "legal_name", "vat_number", "iban", "is_private_seller", "description")},
                    **{k: person[k] for k in ("trade_register_number", "registered_address", "vat_payer") if k in person},
                )
            vendor_approve(vendor=vendor, actor=admin_user)
            account_created(user=user)
            shown.append(("vendor", user.email))
        profile_fields = {"phone", "address_line1", "city", "postal_code", "is_corporate", "company_name", "vat_number"}
        for person in data["buyers"]:
            user = self._user(person)
            account_created(user=user)
            upsert(
                UserProfile,
                lookup={"user": user},
                values={
                    "first_name": person["first_name"],
                    "last_name": person["last_name"],
                    **{k: v for k, v in person.items() if k in profile_fields},
                },
            )
            shown.append(("buyer", user.email))
        return shown
