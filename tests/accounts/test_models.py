from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.accounts.models import TwoFactorToken, User, UserProfile
from marketplace.accounts.services import two_factor_tokens_purge, user_create, user_profile_update
from marketplace.common.validators import normalize_ro_phone, normalize_ro_vat, validate_iban

pytestmark = pytest.mark.django_db


def test_every_user_gets_a_profile_however_created():
    by_service = user_create(email="Ana@Example.RO", password="s3cret-pass-123")
    by_manager = User.objects.create_superuser(email="boss@example.ro", password="s3cret-pass-123")
    assert UserProfile.objects.filter(user__in=[by_service, by_manager]).count() == 2
    assert by_service.email == "ana@example.ro"
    assert by_manager.username == "boss"


def test_email_is_unique_whatever_its_case():
    user_create(email="ioana@example.ro", password=None)
    with pytest.raises(ValidationError):
        user_create(email="IOANA@example.ro", password=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="other", email="Ioana@Example.ro")


def test_login_is_by_email(rf):
    from marketplace.accounts.services import account_authenticate

    user = user_create(email="mara@example.ro", password="s3cret-pass-123")
    assert account_authenticate(request=rf.post("/"), email="Mara@Example.ro", password="s3cret-pass-123") == user
    assert account_authenticate(request=rf.post("/"), email="mara@example.ro", password="wrong-pass-123") is None


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("0722 123 456", "+40722123456"), ("+40 21 312 3456", "+40213123456"), ("0040-744.987.654", "+40744987654")],
)
def test_romanian_phone_numbers_are_accepted_and_normalised(raw, normalised):
    assert normalize_ro_phone(raw) == normalised


@pytest.mark.parametrize("raw", ["0822 123 456", "12345", "+44 20 7946 0958", "0722 123 45"])
def test_other_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_ro_phone(raw)


def test_fiscal_code_checksum():
    assert normalize_ro_vat("ro 41283370") == "RO41283370"
    with pytest.raises(ValidationError):
        normalize_ro_vat("RO41283371")  # wrong control digit


def test_iban_checksum():
    validate_iban("RO49 AAAA 1B31 0075 9384 0000")
    with pytest.raises(ValidationError):
        validate_iban("RO48AAAA1B31007593840000")


def test_profile_update_validates_and_changes_nothing_on_bad_input():
    user = user_create(email="dan@example.ro", password=None)
    with pytest.raises(ValidationError) as exc:
        user_profile_update(user=user, phone="12345", postal_code="ABC", is_corporate=True, vat_number="")
    assert set(exc.value.message_dict) == {"phone", "postal_code", "vat_number"}
    user.profile.refresh_from_db()
    assert (user.profile.phone, user.profile.postal_code, user.profile.is_corporate) == ("", "", False)


def test_profile_update_saves_good_input_normalised():
    user = user_create(email="eva@example.ro", password=None)
    profile = user_profile_update(
        user=user, phone="0722 123 456", postal_code="010292", is_corporate=True, vat_number="ro41283370",
        company_name="Eva SRL",
    )
    profile.refresh_from_db()
    assert profile.phone == "+40722123456"
    assert profile.vat_number == "RO41283370"


def test_a_foreign_postal_code_is_not_held_to_the_romanian_format():
    user = user_create(email="hans@example.de", password=None)
    profile = user_profile_update(user=user, country="de", postal_code="D-10115")
    assert profile.country == "DE"


def test_database_refuses_a_company_without_vat():
    user = user_create(email="firm@example.ro", password=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserProfile.objects.filter(user=user).update(is_corporate=True, vat_number="")


def test_expired_two_factor_codes_are_purged():
    user = user_create(email="otp@example.ro", password=None)
    now = timezone.now()
    TwoFactorToken.objects.create(user=user, token="h1", expires_at=now - timedelta(minutes=1))
    fresh = TwoFactorToken.objects.create(user=user, token="h2", expires_at=now + timedelta(minutes=9))
    assert two_factor_tokens_purge(now=now) == 1
    assert list(TwoFactorToken.objects.values_list("pk", flat=True)) == [fresh.pk]
