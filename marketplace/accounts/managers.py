from django.contrib.auth.models import UserManager as DjangoUserManager
from django.utils.crypto import get_random_string


class UserManager(DjangoUserManager):
    """People sign in by e-mail; the username is a handle we derive when none is given."""

    use_in_migrations = True

    def normalize_email(self, email: str | None) -> str:
        return (email or "").strip().lower()

    def _handle_from_email(self, email: str) -> str:
        base = (email.split("@", 1)[0] or "user")[:30]
        handle = base
        while self.model.objects.filter(username__iexact=handle).exists():
            handle = f"{base}-{get_random_string(5).lower()}"
        return handle

    def create_user(self, email=None, password=None, **extra_fields):
        email = self.normalize_email(email)
        extra_fields.setdefault("username", self._handle_from_email(email))
        return super().create_user(extra_fields.pop("username"), email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        email = self.normalize_email(email)
        extra_fields.setdefault("username", self._handle_from_email(email))
        return super().create_superuser(extra_fields.pop("username"), email, password, **extra_fields)
