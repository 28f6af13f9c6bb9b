"""django-unfold configuration for the two back offices.

The staff site reads ``UNFOLD``; the vendor site (``VendorAdminSite.settings_name``) reads
``UNFOLD_VENDOR``. Navigation entries carry their own permission checks so an agent only
sees what they may open.
"""

from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

# A warm, quiet gold on near-black: the colours of a luxury boutique. unfold writes links and
# button fills in primary-600 (white text on it), so 600 and darker are an antique bronze-gold that
# keeps WCAG AA 4.5:1 for normal text: 600 #9a5500 is 5.7:1 on white and 5.2:1 on base-100 (#f3f4f6);
# the lighter steps stay for tints and the dark theme (primary-500 on near-black).
COLORS = {
    "primary": {
        "50": "oklch(98.7% .022 95.277)",
        "100": "oklch(96.2% .059 95.617)",
        "200": "oklch(92.4% .12 95.746)",
        "300": "oklch(87.9% .169 91.605)",
        "400": "oklch(82.8% .189 84.429)",
        "500": "oklch(76.9% .188 70.08)",
        "600": "oklch(52% .125 62)",
        "700": "oklch(46% .11 60)",
        "800": "oklch(40% .095 58)",
        "900": "oklch(35% .08 56)",
        "950": "oklch(25% .055 52)",
    },
}

# Both back offices: 24×24 px search and sort controls (WCAG 2.2 target size).
STYLES = [lambda request: static("backoffice/css/a11y.css")]


def _perm(codename: str):
    return lambda request: request.user.has_perm(codename)


UNFOLD = {
    "SITE_TITLE": "SNOBISTIC",
    "SITE_HEADER": "SNOBISTIC",
    "SITE_SUBHEADER": _("Staff back office"),
    "SITE_URL": "/",
    "SITE_SYMBOL": "diamond",
    "SITE_FAVICONS": [{"rel": "icon", "type": "image/svg+xml", "href": lambda request: static("images/logo.svg")}],
    "SHOW_HISTORY": True,
    "SHOW_LANGUAGES": True,
    "SHOW_VIEW_ON_SITE": True,
    "ENVIRONMENT": "backoffice.dashboard.environment_callback",
    "DASHBOARD_CALLBACK": "backoffice.dashboard.staff_dashboard",
    "COLORS": COLORS,
    "STYLES": STYLES,
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
        "navigation": [
            {
                "title": _("Overview"),
                "items": [
                    {"title": _("Dashboard"), "icon": "dashboard", "link": reverse_lazy("admin:index")},
                ],
            },
            {
                "title": _("People"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Users"),
                        "icon": "person",
                        "link": reverse_lazy("admin:accounts_user_changelist"),
                        "permission": _perm("accounts.view_user"),
                    },
                    {
                        "title": _("Vendors"),
                        "icon": "storefront",
                        "link": reverse_lazy("admin:vendors_vendorprofile_changelist"),
                        "permission": _perm("vendors.view_vendorprofile"),
                    },
                    {
                        "title": _("Roles and permissions"),
                        "icon": "shield_person",
                        "link": reverse_lazy("role_management"),
                        "permission": _perm("administration.change_role"),
                    },
                ],
            },
            {
                "title": _("Catalogue"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Validation queue"),
                        "icon": "fact_check",
                        "link": reverse_lazy("admin:products_listingawaitingreview_changelist"),
                        "permission": _perm("products.approve_product"),
                    },
                    {
                        "title": _("Products"),
                        "icon": "checkroom",
                        "link": reverse_lazy("admin:products_product_changelist"),
                        "permission": _perm("products.view_product"),
                    },
                    {
                        "title": _("Imports"),
                        "icon": "upload_file",
                        "link": reverse_lazy("admin:products_importjob_changelist"),
                        "permission": _perm("products.change_product"),
                    },
                    {
                        "title": _("Auctions"),
                        "icon": "gavel",
                        "link": reverse_lazy("admin:auctions_auction_changelist"),
                        "permission": _perm("auctions.view_auction"),
                    },
                    {
                        "title": _("Categories"),
                        "icon": "category",
                        "link": reverse_lazy("admin:products_category_changelist"),
                        "permission": _perm("products.view_category"),
                    },
                    {
                        "title": _("Brands"),
                        "icon": "sell",
                        "link": reverse_lazy("admin:products_brand_changelist"),
                        "permission": _perm("products.view_brand"),
                    },
                    {
                        "title": _("Materials"),
                        "icon": "texture",
                        "link": reverse_lazy("admin:products_material_changelist"),
                        "permission": _perm("products.view_material"),
                    },
                    {
                        "title": _("Condition grades"),
                        "icon": "grade",
                        "link": reverse_lazy("admin:products_conditiongrade_changelist"),
                        "permission": _perm("products.view_conditiongrade"),
                    },
                    {
                        "title": _("Size charts"),
                        "icon": "straighten",
                        "link": reverse_lazy("admin:products_sizechart_changelist"),
                        "permission": _perm("products.view_sizechart"),
                    },
                ],
            },
            {
                "title": _("Orders"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Orders"),
                        "icon": "receipt_long",
                        "link": reverse_lazy("admin:orders_order_changelist"),
                        "permission": _perm("orders.can_view_all_orders"),
                    },
                    {
                        "title": _("Returns"),
                        "icon": "assignment_return",
                        "link": reverse_lazy("admin:orders_returnrequest_changelist"),
                        "permission": _perm("orders.can_view_all_orders"),
                    },
                    {
                        "title": _("Seller reviews"),
                        "icon": "reviews",
                        "link": reverse_lazy("admin:reviews_review_changelist"),
                        "permission": _perm("reviews.view_review"),
                    },
                    {
                        "title": _("Late and at-risk shipments"),
                        "icon": "timer",
                        "link": reverse_lazy("admin:orders_shipmentdeadline_changelist"),
                        "permission": _perm("orders.can_view_all_orders"),
                    },
                    {
                        "title": _("Reported or masked conversations"),
                        "icon": "forum",
                        "link": reverse_lazy("admin:chat_conversation_changelist"),
                        "permission": _perm("chat.view_conversation"),
                    },
                ],
            },
            {
                "title": _("Support"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Live chat"),
                        "icon": "support_agent",
                        "link": reverse_lazy("admin_chat"),
                        "permission": _perm("support.view_ticket"),
                    },
                    {
                        "title": _("Tickets"),
                        "icon": "confirmation_number",
                        "link": reverse_lazy("admin:support_ticket_changelist"),
                        "permission": _perm("support.view_ticket"),
                    },
                    {
                        "title": _("SLA targets"),
                        "icon": "timer",
                        "link": reverse_lazy("admin:support_slatarget_changelist"),
                        "permission": _perm("support.view_slatarget"),
                    },
                    {
                        "title": _("Support settings"),
                        "icon": "settings",
                        "link": reverse_lazy("admin:support_supportsettings_changelist"),
                        "permission": _perm("support.view_supportsettings"),
                    },
                ],
            },
            {
                "title": _("Authenticity"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Review queue"),
                        "icon": "verified",
                        "link": reverse_lazy("admin:authenticity_reviewqueueentry_changelist"),
                        "permission": _perm("authenticity.change_authenticationrequest"),
                    },
                    {
                        "title": _("Authentication requests"),
                        "icon": "fact_check",
                        "link": reverse_lazy("admin:authenticity_authenticationrequest_changelist"),
                        "permission": _perm("authenticity.view_authenticationrequest"),
                    },
                    {
                        "title": _("Certificates"),
                        "icon": "workspace_premium",
                        "link": reverse_lazy("admin:authenticity_certificate_changelist"),
                        "permission": _perm("authenticity.view_certificate"),
                    },
                    {
                        "title": _("Brand checklists"),
                        "icon": "checklist",
                        "link": reverse_lazy("admin:authenticity_brandchecklist_changelist"),
                        "permission": _perm("authenticity.view_brandchecklist"),
                    },
                    {
                        "title": _("Authenticity settings"),
                        "icon": "payments",
                        "link": reverse_lazy("admin:authenticity_authenticitysettings_changelist"),
                        "permission": _perm("authenticity.view_authenticitysettings"),
                    },
                ],
            },
            {
                "title": _("Vendor money"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Payouts"),
                        "icon": "payments",
                        "link": reverse_lazy("admin:wallet_payoutrequest_changelist"),
                        "permission": _perm("wallet.view_payoutrequest"),
                    },
                    {
                        "title": _("Payout batches"),
                        "icon": "account_balance",
                        "link": reverse_lazy("admin:wallet_payoutbatch_changelist"),
                        "permission": _perm("wallet.view_payoutbatch"),
                    },
                    {
                        "title": _("Ledger"),
                        "icon": "menu_book",
                        "link": reverse_lazy("admin:wallet_ledgertransaction_changelist"),
                        "permission": _perm("wallet.can_view_ledger"),
                    },
                    {
                        "title": _("Ledger accounts"),
                        "icon": "account_balance_wallet",
                        "link": reverse_lazy("admin:wallet_account_changelist"),
                        "permission": _perm("wallet.can_view_ledger"),
                    },
                    {
                        "title": _("Commission invoices"),
                        "icon": "receipt_long",
                        "link": reverse_lazy("admin:wallet_commissioninvoice_changelist"),
                        "permission": _perm("wallet.can_view_ledger"),
                    },
                    {
                        "title": _("Credit notes"),
                        "icon": "undo",
                        "link": reverse_lazy("admin:wallet_commissioncreditnote_changelist"),
                        "permission": _perm("wallet.can_view_ledger"),
                    },
                    {
                        "title": _("Commission rules"),
                        "icon": "percent",
                        "link": reverse_lazy("admin:wallet_commissionrule_changelist"),
                        "permission": _perm("wallet.view_commissionrule"),
                    },
                    {
                        "title": _("Wallet settings"),
                        "icon": "tune",
                        "link": reverse_lazy("admin:wallet_walletsettings_changelist"),
                        "permission": _perm("wallet.view_walletsettings"),
                    },
                ],
            },
            {
                "title": _("Platform"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Platform settings"),
                        "icon": "tune",
                        "link": reverse_lazy("admin_settings"),
                        "permission": _perm("administration.view_platformsettings"),
                    },
                    {
                        "title": _("Exchange rates"),
                        "icon": "currency_exchange",
                        "link": reverse_lazy("admin:currency_exchangerate_changelist"),
                        "permission": _perm("currency.view_exchangerate"),
                    },
                    {
                        "title": _("Job health"),
                        "icon": "monitor_heart",
                        "link": reverse_lazy("job_health"),
                        "permission": _perm("django_q.view_schedule"),
                    },
                    {
                        "title": _("Scheduled jobs"),
                        "icon": "schedule",
                        "link": reverse_lazy("admin:django_q_schedule_changelist"),
                        "permission": _perm("django_q.view_schedule"),
                    },
                    {
                        "title": _("Failed jobs"),
                        "icon": "error",
                        "link": reverse_lazy("admin:django_q_failure_changelist"),
                        "permission": _perm("django_q.view_failure"),
                    },
                    {
                        "title": _("History of changes"),
                        "icon": "history",
                        "link": reverse_lazy("admin:auditlog_logentry_changelist"),
                        "permission": "backoffice.admin.staff.audit.audit_trail_visible",
                    },
                ],
            },
        ],
    },
}

UNFOLD_VENDOR = {
    "SITE_TITLE": _("SNOBISTIC for vendors"),
    "SITE_HEADER": "SNOBISTIC",
    "SITE_SUBHEADER": _("Vendor back office"),
    "SITE_URL": "/",
    "SITE_SYMBOL": "storefront",
    "SITE_FAVICONS": UNFOLD["SITE_FAVICONS"],
    "SHOW_HISTORY": False,
    "SHOW_LANGUAGES": True,
    "SHOW_VIEW_ON_SITE": False,
    "DASHBOARD_CALLBACK": "backoffice.dashboard.vendor_dashboard",
    "COLORS": COLORS,
    "STYLES": STYLES,
    # The account menu at the foot of the sidebar: RO/EN switch, password, sign-out (unfold adds
    # "View site" from SITE_URL and the sign-out button itself).
    "ACCOUNT": {
        "navigation": [{"title": _("Change password"), "link": reverse_lazy("password_change")}],
    },
    "SIDEBAR": {
        "show_search": False,
        "show_all_applications": False,
        "navigation": [
            {
                "title": _("My shop"),
                "items": [
                    {"title": _("Dashboard"), "icon": "dashboard", "link": reverse_lazy("vendors:index")},
                    {
                        "title": _("My products"),
                        "icon": "checkroom",
                        "link": reverse_lazy("vendors:products_product_changelist"),
                    },
                    {"title": _("Add a product"), "icon": "add_circle", "link": reverse_lazy("product_add_step1")},
                    {"title": _("SKU codes"), "icon": "qr_code", "link": reverse_lazy("sku_generation")},
                    {"title": _("Import products"), "icon": "upload", "link": reverse_lazy("vendor_product_import")},
                    {"title": _("Export products"), "icon": "download", "link": reverse_lazy("export_csv")},
                    {"title": _("My orders"), "icon": "local_shipping", "link": reverse_lazy("vendors:orders_shipment_changelist")},
                    {"title": _("Sold items"), "icon": "sell", "link": reverse_lazy("vendor_sold")},
                    {"title": _("Returns"), "icon": "assignment_return", "link": reverse_lazy("vendors:orders_returnrequest_changelist")},
                    {"title": _("Reviews"), "icon": "reviews", "link": reverse_lazy("vendors:reviews_review_changelist")},
                    # vendor_auctions (/vendors/auctions/) leads to the auctions list, which it also marks active.
                    {"title": _("My auctions"), "icon": "gavel", "link": reverse_lazy("vendor_auctions")},
                    {"title": _("Wallet"), "icon": "account_balance_wallet", "link": reverse_lazy("wallet_history")},
                    {"title": _("Request a payout"), "icon": "payments", "link": reverse_lazy("payout_request")},
                    {
                        "title": _("Messages"),
                        "icon": "chat",
                        "link": reverse_lazy("vendor_chat"),
                        "badge": "backoffice.vendor_chat.unread_badge",
                    },
                    {
                        "title": _("Shop profile"),
                        "icon": "storefront",
                        "link": reverse_lazy("vendors:vendors_vendorprofile_changelist"),
                    },
                    {
                        "title": _("Authentication requests"),
                        "icon": "verified",
                        "link": reverse_lazy("vendors:authenticity_authenticationrequest_changelist"),
                    },
                    {"title": _("Support"), "icon": "support_agent", "link": reverse_lazy("vendor_tickets")},
                    {"title": _("My account"), "icon": "manage_accounts", "link": reverse_lazy("vendor_account")},
                ],
            },
            {
                "title": "SNOBISTIC",
                "items": [
                    {"title": _("Back to the storefront"), "icon": "shopping_bag", "link": "/"},
                ],
            },
        ],
    },
}
