"""Writes on accounts. Doors (admin, web views, APIs, tasks) call these, never the ORM directly."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import TwoFactorToken, User, UserProfile

PROFILE_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "phone",
        "date_of_birth",
        "is_corporate",
        "company_name",
        "vat_number",
        "address_line1",
        "address_line2",
        "billing_address_line1",
        "billing_address_line2",
        "city",
        "postal_code",
        "country",
        "saved_dimensions",
    }
)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user (and, through the profile trigger, their profile)."""
    user = User(
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
        username=User.objects._handle_from_email(User.objects.normalize_email(email)),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    profile = user.profile
    if first_name or last_name:
        profile.first_name, profile.last_name = first_name, last_name
        profile.save(update_fields=["first_name", "last_name", "updated_at"])
    return user


@transaction.atomic
def user_profile_update(*, user: User, **fields) -> UserProfile:
    """Validate and save profile fields; ValidationError (by field) and nothing changes on bad input."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Unknown profile fields: {', '.join(sorted(unknown))}")
    profile = UserProfile.objects.select_for_update().get(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


def two_factor_tokens_purge(*, now=None, keep_used_for: timedelta = timedelta(days=1)) -> int:
    """Delete expired e-mail codes, and used ones older than a day. Returns how many went."""
    now = now or timezone.now()
    expired = TwoFactorToken.objects.filter(expires_at__lt=now)
    old_used = TwoFactorToken.objects.filter(used_at__lt=now - keep_used_for)
    deleted = expired.delete()[0] + old_used.delete()[0]
    return deleted
