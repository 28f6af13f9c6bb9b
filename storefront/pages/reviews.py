"""The buyer rates the shops of a completed order (one review per shop and order), from the order's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from doors.errors import error_payload
from marketplace.orders.selectors import order_for_buyer
from marketplace.reviews.selectors import order_review_rows
from marketplace.reviews.services import review_create


@login_required
def order_review_view(request, order_id: int):
    order = order_for_buyer(user=request.user, pk=order_id)  # NotFound (404) for anybody else's order
    errors: dict[int, dict] = {}
    status = 200
    if request.method == "POST":
        vendor_id = request.POST.get("vendor", "")
        vendor_id = int(vendor_id) if vendor_id.isascii() and vendor_id.isdigit() and len(vendor_id) < 19 else 0
        try:
            review_create(
                buyer=request.user, order=order, vendor=vendor_id,
                rating=request.POST.get("rating", ""), comment=request.POST.get("comment", ""),
            )
        except ValidationError as exc:
            status, payload = error_payload(exc)
            errors[vendor_id] = {"message": payload["message"], "fields": payload["fields"],
                                 "rating": request.POST.get("rating", ""), "comment": request.POST.get("comment", "")}
        else:
            messages.success(request, _("Thank you: your review is published on the shop's page."))
            return redirect("order_review", order_id=order.pk)
    rows = order_review_rows(order=order)
    for row in rows:
        row["error"] = errors.get(row["vendor"].pk)
    return render(request, "reviews/order_review.html", {"order": order, "rows": rows, "stars": range(5, 0, -1)},
                  status=status)
