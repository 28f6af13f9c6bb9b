"""One interface for whoever reviews a request: an outside authentication service or the staff.

``provider_for_review`` is the registry: Legitmark when its API key is set
(``LEGITMARK_API_KEY``), otherwise staff review in the back office (the offline default).
"""

from django.conf import settings

from .base import Outcome, ProviderError, ReviewProvider, Submission
from .legitmark import LegitmarkProvider
from .offline import StaffReviewProvider

__all__ = ["Outcome", "ProviderError", "ReviewProvider", "Submission", "provider_by_name", "provider_for_review"]


def provider_for_review() -> ReviewProvider:
    return LegitmarkProvider() if settings.LEGITMARK_API_KEY else StaffReviewProvider()


def provider_by_name(name: str) -> ReviewProvider:
    return LegitmarkProvider() if name == LegitmarkProvider.name else StaffReviewProvider()
