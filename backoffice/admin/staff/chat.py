"""Staff site, conversations: the ones with a masked or a reported message, for review (marketplace.chat).

Read-only: staff read the whole thread with what was typed before masking and every report; the list costs a
fixed number of queries (``conversations_flagged`` annotates the counts; the thread is one prefetch).
"""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from backoffice.admin_mixins import ReadOnlyAdminMixin
from marketplace.chat.models import Conversation, MessageReport
from marketplace.chat.selectors import conversations_flagged


@admin.register(Conversation, site=admin.site)
class ConversationReviewAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["pk", "vendor", "buyer", "about", "masked_count", "report_count", "last_message_at"]
    list_display_links = ["pk", "vendor"]
    list_filter = ["vendor"]
    search_fields = ["vendor__shop_name", "buyer__email", "order__number", "product__title"]
    list_per_page = 50
    fields = ["vendor", "buyer", "about", "thread"]
    readonly_fields = ["vendor", "buyer", "about", "thread"]

    def get_queryset(self, request):
        return conversations_flagged()

    @display(description=_("about"))
    def about(self, obj: Conversation) -> str:
        if obj.order_id:
            return obj.order.number
        return obj.product.title if obj.product_id else "—"

    @display(description=_("masked"), ordering="masked_count")
    def masked_count(self, obj) -> int:
        return obj.masked_count

    @display(description=_("reports"), ordering="report_count")
    def report_count(self, obj) -> int:
        return obj.report_count

    @display(description=_("messages"))
    def thread(self, obj: Conversation):
        rows = []
        thread = obj.messages.select_related("sender").prefetch_related(
            Prefetch("reports", queryset=MessageReport.objects.select_related("reporter"))
        )
        for message in thread:
            reports = "; ".join(f"{r.get_reason_display()} ({r.reporter.email}){': ' + r.note if r.note else ''}" for r in message.reports.all())
            rows.append((
                date_format(timezone.localtime(message.created_at), "DATETIME_FORMAT"),
                message.get_sender_side_display(),
                message.text,
                message.original_text or "",
                ", ".join(message.masked_kinds),
                reports,
            ))
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("sent at"), _("written by"), _("text shown"), _("original text"), _("masked"), _("reports"),
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html('<table class="w-full text-sm text-left" data-chat-review>{}{}</table>', head, body)
