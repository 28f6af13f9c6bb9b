"""The buyer's mobile number for urgent SMS: ask for a code, type it back, or remove the number."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.notifications.models import SmsPhone
from marketplace.notifications.services import sms_phone_confirm, sms_phone_remove, sms_phone_start


@login_required
def sms_phone_view(request):
    errors = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "send":
                sms_phone_start(user=request.user, number=request.POST.get("number", ""))
                messages.success(request, _("We sent a code by SMS; type it below."))
                return redirect("sms_phone")
            if action == "confirm":
                sms_phone_confirm(user=request.user, code=request.POST.get("code", ""))
                messages.success(request, _("Your number is confirmed: urgent notices will also come by SMS."))
                return redirect("sms_phone")
            if action == "remove":
                sms_phone_remove(user=request.user)
                messages.success(request, _("Your number was removed; no more SMS."))
                return redirect("sms_phone")
        except ValidationError as exc:
            errors = exc.messages
    phone = SmsPhone.objects.filter(user=request.user).first()
    return render(request, "pwa/customers/sms_phone.html", {"phone": phone, "errors": errors}, status=400 if errors else 200)
