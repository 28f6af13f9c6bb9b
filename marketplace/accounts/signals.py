"""Thin trigger: every user, however created (admin, allauth, createsuperuser), has a profile."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User, UserProfile


@receiver(post_save, sender=User, dispatch_uid="accounts_user_profile")
def ensure_profile(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        UserProfile.objects.get_or_create(user=instance)
