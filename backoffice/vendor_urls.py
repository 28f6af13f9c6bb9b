"""The seed's vendor pages that are not changelists, inside the vendor back office (/vendors/)."""

from django.urls import path, reverse_lazy
from django.views.generic import RedirectView

from . import sales_views, vendor_account_views, vendor_chat, wallet_views
from . import wallet_documents as documents
from . import wizard_views as views
from .sites import vendor_site


def _page(view_class, **initkwargs):
    return vendor_site.admin_view(view_class.as_view(admin_site=vendor_site, **initkwargs))


urlpatterns = [
    path(
        "products/",
        vendor_site.admin_view(RedirectView.as_view(url=reverse_lazy("vendors:products_product_changelist"))),
        name="vendor_products",
    ),
    *[
        path(f"products/add/step-{view.step}/", _page(view), name=f"product_add_step{view.step}")
        for view in views.WIZARD_VIEWS
    ],
    path("products/<int:pk>/edit/", _page(views.ProductEditView), name="product_edit"),
    path("products/<int:pk>/delete/", _page(views.ProductDeleteView), name="product_delete"),
    path("products/<int:pk>/auction/", _page(views.SubmitToAuctionView), name="submit_to_auction"),
    path("sku/generate/", _page(views.SkuGenerationView), name="sku_generation"),
    path("sold/", _page(sales_views.SoldItemsView), name="vendor_sold"),
    # Before the site's own /vendors/auctions/ (the auctions app's index), which this replaces.
    path("auctions/", vendor_site.admin_view(vendor_account_views.vendor_auctions_posted_view), name="vendor_auctions"),
    path("account/", _page(vendor_account_views.VendorAccountView), name="vendor_account"),
    path("wallet-history/", _page(wallet_views.WalletHistoryView), name="wallet_history"),
    path("payout-request/", _page(wallet_views.PayoutRequestView), name="payout_request"),
    path("wallet-statements/", _page(documents.WalletStatementsView), name="wallet_statements"),
    path("wallet-statement/<str:period>/", _page(documents.WalletStatementView), name="wallet_statement"),
    path(
        "commission-invoices/<int:pk>/<str:format>/", _page(documents.CommissionInvoiceDownloadView),
        name="commission_invoice_download",
    ),
    path(
        "commission-credit-notes/<int:pk>/<str:format>/", _page(documents.CommissionCreditNoteDownloadView),
        name="commission_credit_note_download",
    ),
    *vendor_chat.urlpatterns,  # vendor_chat, vendor_chat_thread, vendor_report_message
]
