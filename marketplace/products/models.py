"""Catalogue reference data: the category tree, brands, materials, condition grades and size charts.

Listings (products, images, SKUs) build on these.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.common.models import BilingualNameModel, TimeStampedModel


class Category(BilingualNameModel):
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="products_category_not_own_parent")
        ]

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": _("A category cannot sit under itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class SubCategory(BilingualNameModel):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="subcategories", verbose_name=_("category")
    )
    slug = models.SlugField(_("slug"), max_length=140)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("subcategory")
        verbose_name_plural = _("subcategories")
        ordering = ["category", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="products_subcategory_slug_per_category")
        ]


class Brand(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    country = models.CharField(_("country of origin"), max_length=2, blank=True)
    founded = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Material(BilingualNameModel):
    slug = models.SlugField(_("slug"), max_length=140, unique=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["name"]


class ConditionGrade(BilingualNameModel):
    """How worn a piece is, from "new with tags" down; ``rank`` 1 is the best."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    description = models.CharField(_("description (Romanian)"), max_length=255, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("condition grade")
        verbose_name_plural = _("condition grades")
        ordering = ["rank"]


class SizeChart(BilingualNameModel):
    """A conversion table between size systems for one kind of garment (women's shoes, ...)."""

    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    categories = models.ManyToManyField(
        Category, related_name="size_charts", blank=True, verbose_name=_("categories")
    )

    class Meta:
        verbose_name = _("size chart")
        verbose_name_plural = _("size charts")
        ordering = ["name"]


class Size(models.Model):
    """One row of a size chart: the same size written in each system."""

    class System(models.TextChoices):
        EU = "eu", "EU"
        IT = "it", "IT"
        FR = "fr", "FR"
        US = "us", "US"
        UK = "uk", "UK"

    chart = models.ForeignKey(SizeChart, on_delete=models.CASCADE, related_name="sizes", verbose_name=_("size chart"))
    position = models.PositiveSmallIntegerField(_("position"))
    eu = models.CharField("EU", max_length=10)
    it = models.CharField("IT", max_length=10)
    fr = models.CharField("FR", max_length=10)
    us = models.CharField("US", max_length=10)
    uk = models.CharField("UK", max_length=10)

    class Meta:
        verbose_name = _("size")
        verbose_name_plural = _("sizes")
        ordering = ["chart", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chart", "position"], name="products_size_position_per_chart"),
            models.UniqueConstraint(fields=["chart", "eu"], name="products_size_eu_per_chart"),
        ]

    def __str__(self) -> str:
        return f"EU {self.eu} · IT {self.it} · FR {self.fr} · US {self.us} · UK {self.uk}"

    def label(self, system: str) -> str:
        return getattr(self, self.System(system).value)
