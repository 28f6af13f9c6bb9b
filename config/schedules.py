"""Every periodic django-q2 job, declared in code and synced idempotently into django_q.Schedule.

`python manage.py sync_schedules` (run by `make run` and the compose migrate step) creates a
missing schedule, updates one whose definition changed, and leaves the rest untouched.
"""

from django_q.models import Schedule

SCHEDULES = [
    {
        # Conversations: a message still unread 15 minutes after it arrived is e-mailed to its reader.
        "name": "chat.unread_message_email_sweep",
        "func": "marketplace.chat.tasks.unread_message_email_sweep",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
    {
        # Authenticity: ask the outside service (Legitmark, when configured) for the verdicts it holds.
        "name": "authenticity.poll",
        "func": "marketplace.authenticity.tasks.authenticity_poll_task",
        "schedule_type": Schedule.MINUTES,
        "minutes": 10,
    },
    {
        # Authenticity: card payments whose payer never came back from Stripe Checkout.
        "name": "authenticity.card_payments",
        "func": "marketplace.authenticity.tasks.authenticity_card_payments_task",
        "schedule_type": Schedule.MINUTES,
        "minutes": 10,
    },
    {
        "name": "accounts.clear_expired_sessions",
        "func": "marketplace.accounts.tasks.clear_expired_sessions",
        "schedule_type": Schedule.CRON,
        "cron": "15 3 * * *",
    },
    {
        "name": "accounts.purge_expired_two_factor_tokens",
        "func": "marketplace.accounts.tasks.purge_expired_two_factor_tokens",
        "schedule_type": Schedule.HOURLY,
    },
    {
        "name": "customers.wishlist_price_drop_sweep",
        "func": "marketplace.customers.tasks.wishlist_price_drop_sweep",
        "schedule_type": Schedule.MINUTES,
        "minutes": 15,
    },
    {
        # "Download my data": ZIPs past their PRIVACY_EXPORT_DAYS are deleted.
        "name": "customers.data_exports_expire",
        "func": "marketplace.customers.tasks.data_exports_expire_task",
        "schedule_type": Schedule.DAILY,
    },
    {
        # Shipping: read the couriers' tracking of parcels on their way (delivered ones move their order);
        # AWB requests waiting for a retry whose time came are asked again.
        "name": "shipping.tracking_sync",
        "func": "marketplace.shipping.tasks.tracking_sync_task",
        "schedule_type": Schedule.MINUTES,
        "minutes": 30,
    },
    {
        "name": "orders.clean_expired_carts",
        "func": "marketplace.orders.tasks.clean_expired_carts",
        "schedule_type": Schedule.CRON,
        "cron": "30 0 * * *",
    },
    {
        "name": "orders.expire_unpaid_orders",
        "func": "marketplace.orders.tasks.expire_unpaid_orders",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
    {
        "name": "orders.check_shipping_deadlines",
        "func": "marketplace.orders.tasks.check_shipping_deadlines",
        "schedule_type": Schedule.HOURLY,
    },
    {
        "name": "orders.complete_orders",
        "func": "marketplace.orders.tasks.complete_orders",
        "schedule_type": Schedule.HOURLY,
    },
    {
        "name": "orders.escalate_returns",
        "func": "marketplace.orders.tasks.escalate_returns",
        "schedule_type": Schedule.HOURLY,
    },
    {
        # The name stays as first synced (sync_schedules matches by name and updates the func).
        "name": "backoffice.import_files_purge",
        "func": "marketplace.products.imports.jobs.import_files_purge_task",
        "schedule_type": Schedule.CRON,
        "cron": "0 4 * * *",
    },
    {
        "name": "auctions.check_auctions",
        "func": "marketplace.auctions.tasks.check_auctions",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
    {
        # Watchers (favourites, wishlist, this round's bidders) of a lot ending within the hour, once per round.
        "name": "auctions.notify_ending_soon",
        "func": "marketplace.auctions.tasks.notify_auctions_ending_soon",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
    {
        # Nightly: the ledger's invariants; staff with wallet.can_view_ledger are e-mailed on any difference.
        "name": "wallet.audit",
        "func": "marketplace.wallet.tasks.wallet_audit_task",
        "schedule_type": Schedule.CRON,
        "cron": "20 2 * * *",
    },
    {
        # The 1st: last month's wallet statement and commission invoice (+ e-Factura) per vendor, e-mailed.
        "name": "wallet.monthly_documents",
        "func": "marketplace.wallet.document_tasks.wallet_monthly_documents_task",
        "schedule_type": Schedule.CRON,
        "cron": "40 2 1 * *",
    },
    {
        # e-Factura: ANAF's verdict on uploaded commission invoices; failed uploads are tried again.
        "name": "wallet.efactura_status",
        "func": "marketplace.wallet.document_tasks.efactura_status_task",
        "schedule_type": Schedule.MINUTES,
        "minutes": 30,
    },
    {
        # Waiting live support conversations nobody took in time (or with no agent online) become tickets.
        "name": "support.live_chats_check_waiting",
        "func": "marketplace.support.tasks.live_chats_check_waiting_task",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
    {
        # Banking days after BNR publishes (~13:00): its reference rates, else the ECB's (via EUR).
        "name": "currency.fetch_exchange_rates",
        "func": "marketplace.currency.tasks.fetch_exchange_rates",
        "schedule_type": Schedule.CRON,
        "cron": "15 14 * * 1-5",
    },
    {
        # Stored files no row references and older than a day (local disk or S3); `manage.py clean_unused_media --dry-run` first.
        "name": "common.clean_unused_media",
        "func": "marketplace.common.media_cleanup.clean_unused_media_task",
        "schedule_type": Schedule.CRON,
        "cron": "40 4 * * *",
    },
    {
        # Raises of a bidder's own maximum that set no price and were superseded at once, 90 days after the auction closed.
        "name": "auctions.clean_stale_bids",
        "func": "marketplace.auctions.cleanup.clean_stale_bids_task",
        "schedule_type": Schedule.CRON,
        "cron": "50 4 * * 0",
    },
    {
        "name": "notifications.purge_dead_subscriptions",
        "func": "marketplace.notifications.tasks.purge_dead_subscriptions",
        "schedule_type": Schedule.CRON,
        "cron": "45 3 * * *",
    },
]
