"""Reference exchange rates, one row per banking day and currency: how many lei one unit is worth."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExchangeRate(models.Model):
    class Source(models.TextChoices):
        BNR = "bnr", _("National Bank of Romania")
        ECB = "ecb", _("European Central Bank (via EUR)")

    date = models.DateField(_("date"), db_index=True)
    currency = models.CharField(_("currency"), max_length=3)
    # Lei for ONE unit of ``currency`` (BNR's multiplier, e.g. 100 HUF, already divided out).
    rate_to_ron = models.DecimalField(_("lei for one unit"), max_digits=16, decimal_places=6)
    source = models.CharField(_("source"), max_length=3, choices=Source.choices)
    fetched_at = models.DateTimeField(_("fetched at"), auto_now=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-date", "currency"]
        constraints = [models.UniqueConstraint(fields=["date", "currency"], name="currency_rate_unique_date_currency")]

    def __str__(self) -> str:
        return f"{self.date} {self.currency} {self.rate_to_ron}"
