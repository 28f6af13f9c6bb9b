"""Benchmark: the wallet ledger on PostgreSQL (`make bench-ledger`, issue 14).

On a throw-away database (``<name>_bench_ledger``, made and dropped here):

1. 1,000 approved vendors with their three accounts, and 1,000,000 ledger entries (500,000 sale
   transactions of two legs, running balances and stored balances consistent, spread over the last
   year). One vendor holds exactly 2,000 movements in the last closed month: the statement's month.
   The history is written with SQL (``INSERT ... SELECT``) so that it takes seconds; what is measured
   below goes through the wallet's own functions.
2. For ``BENCH_SECONDS`` (15), ``BENCH_WRITERS`` processes (4) post sales through ``ledger_post``
   (buyer clearing → the vendor's pending + commission income, three legs, row locks, the idempotency
   key) for random vendors, while ``BENCH_READERS`` processes (2) read random vendors' balances
   through ``vendor_balances`` and, in turn, a trivial ``SELECT 1`` on the same connection.
3. The statement of that vendor's 2,000-movement month: ``statement_data`` + ``statement_pdf``.

The last line is ``postings_per_s=<n> balance_p99_ms=<n> statement_s=<n>`` (targets: ≥ 2,000
postings/s, balance p99 < 5 ms, statement < 2 s); the line before gives the trivial query's p99 under
the same load (``select1_p50_ms``, ``select1_p99_ms``) and the balance read and one posting as multiples
of it, figures that depend less on how busy the machine is. Every sale moves the same two platform accounts
(buyer clearing, commission income): ``ledger_post`` locks them only in its last statement, so postings
queue on those rows for that statement and the commit alone — the throughput is bounded by one commit's
WAL flush (fsync) at a time; ``commit_ms`` (a write transaction's commit under the same load, measured
before the run) shows that bound.
"""

import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path

from bench_pg import bench_database_url, recreate_database

ROOT = Path(__file__).resolve().parent.parent
VENDORS = int(os.environ.get("BENCH_VENDORS", "1000"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "1000000"))
STATEMENT_MOVEMENTS = int(os.environ.get("BENCH_STATEMENT_MOVEMENTS", "2000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
WRITERS = int(os.environ.get("BENCH_WRITERS", "4"))
READERS = max(1, int(os.environ.get("BENCH_READERS", "2")))
KEEP = os.environ.get("BENCH_KEEP_DB") == "1"


def _bench_database_url() -> str:
    return bench_database_url("bench_ledger", "bench-ledger")


_recreate_database = recreate_database


def _setup(url: str) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": url, "DJANGO_DEBUG": "false",
    })
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _log(message: str) -> None:
    print(message, flush=True)


def build(statement_period) -> list[int]:
    """The vendors, their accounts and the history; returns the vendors' ids (the first one is the statement's)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from marketplace.vendors.models import VendorProfile
    from marketplace.wallet.ledger import platform_account
    from marketplace.wallet.models import Account, AccountKind
    from marketplace.wallet.periods import period_bounds

    user_model = get_user_model()
    users = user_model.objects.bulk_create([
        user_model(email=f"bench-vendor-{i}@example.com", **({"username": f"bench-vendor-{i}"} if hasattr(user_model, "username") else {}))
        for i in range(VENDORS)
    ])
    now = timezone.now()
    vendors = VendorProfile.objects.bulk_create([
        VendorProfile(
            user=user, shop_name=f"Bench {i:04d}", slug=f"bench-{i:04d}", legal_name=f"Bench {i:04d} SRL",
            vat_number=f"RO{10000000 + i}", iban="RO16BTRLRONCRT0123456701", status=VendorProfile.Status.APPROVED,
            status_changed_at=now,
        )
        for i, user in enumerate(users)
    ])
    vendor_ids = [v.pk for v in vendors]
    Account.objects.bulk_create([
        Account(vendor_id=pk, kind=kind) for pk in vendor_ids
        for kind in (AccountKind.VENDOR_PENDING, AccountKind.VENDOR_AVAILABLE, AccountKind.VENDOR_RESERVED)
    ])
    clearing = platform_account(AccountKind.BUYER_CLEARING)
    platform_account(AccountKind.COMMISSION_INCOME)
    start, end = period_bounds(statement_period)
    transactions = ENTRIES // 2
    others = transactions - STATEMENT_MOVEMENTS
    with connection.cursor() as cursor:
        # the year's sales of every vendor but the first; then the first vendor's month
        cursor.execute(
            """
            INSERT INTO wallet_ledgertransaction (key, kind, vendor_id, memo, created_at)
            SELECT 'bench:' || g, 'sale', v.ids[2 + (g %% (array_length(v.ids, 1) - 1))], 'Vânzare ' || g,
                   now() - (interval '365 days') * ((g::bigint * 7919) %% 1000003) / 1000003.0
            FROM generate_series(1, %s) g, (SELECT array_agg(id ORDER BY id) AS ids FROM vendors_vendorprofile) v
            """,
            [others],
        )
        cursor.execute(
            """
            INSERT INTO wallet_ledgertransaction (key, kind, vendor_id, memo, created_at)
            SELECT 'bench:month:' || g, 'sale', %s, 'Vânzare ' || g, %s + (%s - %s) * (g - 0.5) / %s
            FROM generate_series(1, %s) g
            """,
            [vendor_ids[0], start, end, start, STATEMENT_MOVEMENTS, STATEMENT_MOVEMENTS],
        )
        cursor.execute(
            """
            WITH legs AS (
                SELECT t.id AS txn, t.created_at, a.id AS account, (10 + (t.id::bigint * 104729) %% 199000 / 100.0)::numeric(14, 2) AS amount
                FROM wallet_ledgertransaction t JOIN wallet_account a ON a.vendor_id = t.vendor_id AND a.kind = 'vendor_pending'
                WHERE t.key LIKE 'bench:%%'
                UNION ALL
                SELECT t.id, t.created_at, %s, -(10 + (t.id::bigint * 104729) %% 199000 / 100.0)::numeric(14, 2)
                FROM wallet_ledgertransaction t WHERE t.key LIKE 'bench:%%'
            )
            INSERT INTO wallet_entry (transaction_id, account_id, amount, balance_after, created_at)
            SELECT txn, account, amount, sum(amount) OVER (PARTITION BY account ORDER BY created_at, txn), created_at FROM legs
            """,
            [clearing.pk],
        )
        cursor.execute(
            "UPDATE wallet_account a SET balance = s.total FROM "
            "(SELECT account_id, sum(amount) AS total FROM wallet_entry GROUP BY account_id) s WHERE s.account_id = a.id"
        )
        cursor.execute("SELECT count(*) FROM wallet_entry")
        entries = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _log(f"built: vendors={len(vendor_ids)} entries={entries}")
    return vendor_ids


def commit_probe(times: int = 40) -> float:
    """The median time of a one-row write transaction (BEGIN, INSERT, COMMIT with its WAL flush), in ms."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_commit (id bigserial PRIMARY KEY)")
    measured = []
    for _i in range(times):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit DEFAULT VALUES")
        measured.append((time.perf_counter() - started) * 1000)
    return statistics.median(measured)


def _writer(vendor_ids: list[int], deadline: float, seed: int, results) -> None:
    from decimal import Decimal

    from django.db import connection

    from marketplace.vendors.models import VendorProfile
    from marketplace.wallet.ledger import ledger_post, platform_account
    from marketplace.wallet.models import Account, AccountKind

    connection.close()
    rng = random.Random(seed)
    clearing, commission = platform_account(AccountKind.BUYER_CLEARING), platform_account(AccountKind.COMMISSION_INCOME)
    pending = dict(Account.objects.filter(kind=AccountKind.VENDOR_PENDING).values_list("vendor_id", "pk"))
    accounts = {pk: Account(pk=account_pk, vendor_id=pk, kind=AccountKind.VENDOR_PENDING) for pk, account_pk in pending.items()}
    done, posting_ms = 0, []
    while time.monotonic() < deadline:
        started = time.perf_counter()
        vendor_id = rng.choice(vendor_ids)
        gross = Decimal(rng.randrange(1000, 200000)) / 100
        fee = (gross * Decimal("0.15")).quantize(Decimal("0.01"))
        posted = ledger_post(
            key=f"bench:live:{seed}:{done}", kind="sale", vendor=VendorProfile(pk=vendor_id), memo="Vânzare",
            lines=[(clearing, -gross), (accounts[vendor_id], gross - fee), (commission, fee)],
        )
        done += posted is not None
        posting_ms.append((time.perf_counter() - started) * 1000)
    results.put(("posted", done, posting_ms))


def _reader(vendor_ids: list[int], deadline: float, seed: int, results) -> None:
    from django.db import connection

    from marketplace.wallet.selectors import vendor_balances

    connection.close()
    rng = random.Random(seed)
    balance_ms, trivial_ms = [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    while time.monotonic() < deadline:
        started = time.perf_counter()
        vendor_balances(vendor=rng.choice(vendor_ids))
        balance_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        trivial_ms.append((time.perf_counter() - started) * 1000)
    results.put(("read", balance_ms, trivial_ms))


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98] if len(values) > 1 else (values[0] if values else 0.0)


def concurrent_phase(vendor_ids: list[int]) -> tuple[float, list[float], list[float], list[float]]:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    deadline = time.monotonic() + SECONDS
    processes = [context.Process(target=_writer, args=(vendor_ids, deadline, i, results)) for i in range(WRITERS)]
    processes += [context.Process(target=_reader, args=(vendor_ids, deadline, 100 + i, results)) for i in range(READERS)]
    started = time.monotonic()
    for process in processes:
        process.start()
    posted, posting_ms, balance_ms, trivial_ms = 0, [], [], []
    for _process in processes:
        message = results.get(timeout=SECONDS + 120)
        if message[0] == "posted":
            posted += message[1]
            posting_ms += message[2]
        else:
            balance_ms += message[1]
            trivial_ms += message[2]
    for process in processes:
        process.join(timeout=30)
        if process.exitcode != 0:
            sys.exit(f"a benchmark process failed (exit code {process.exitcode})")
    return posted / (time.monotonic() - started), posting_ms, balance_ms, trivial_ms


def statement_phase(vendor_id: int, period) -> tuple[float, int, int]:
    from marketplace.vendors.models import VendorProfile
    from marketplace.wallet.pdf import statement_pdf
    from marketplace.wallet.statements import statement_data

    vendor = VendorProfile.objects.get(pk=vendor_id)
    started = time.perf_counter()
    data = statement_data(vendor=vendor, period=period)
    pdf = statement_pdf(data)
    return time.perf_counter() - started, len(data.movements), len(pdf)


def main() -> int:
    url = _bench_database_url()
    _recreate_database(url)
    try:
        _setup(url)
        from django.core.management import call_command
        from django.utils import timezone

        from marketplace.wallet.audit import wallet_audit
        from marketplace.wallet.periods import last_closed_period

        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        _log(f"migrated in {time.monotonic() - started:.0f} s")
        period = last_closed_period(timezone.now())
        started = time.monotonic()
        vendor_ids = build(period)
        _log(f"history written in {time.monotonic() - started:.0f} s")
        commit_ms = commit_probe()
        postings_per_s, posting_ms, balance_ms, trivial_ms = concurrent_phase(vendor_ids)
        statement_s, movements, pdf_bytes = statement_phase(vendor_ids[0], period)
        problems = wallet_audit()
        balance_p99, trivial_p99 = _p99(balance_ms), _p99(trivial_ms)
        _log(
            f"writers={WRITERS} readers={READERS} seconds={SECONDS:g} balance_reads={len(balance_ms)} "
            f"statement_movements={movements} statement_pdf_kb={pdf_bytes // 1024} audit_problems={len(problems)} "
            f"load={os.getloadavg()[0]:.1f}"
        )
        _log(
            f"select1_p50_ms={statistics.median(trivial_ms):.2f} select1_p99_ms={trivial_p99:.2f} "
            f"balance_vs_select1={balance_p99 / trivial_p99 if trivial_p99 else 0:.1f} "
            f"posting_p50_ms={statistics.median(posting_ms):.1f} "
            f"posting_vs_select1={statistics.median(posting_ms) / statistics.median(trivial_ms):.0f} "
            f"commit_ms={commit_ms:.1f} one_commit_at_a_time_per_s={1000 / commit_ms:.0f} "
            "targets: postings_per_s>=2000 balance_p99_ms<5 statement_s<2"
        )
        _log(f"postings_per_s={postings_per_s:.0f} balance_p99_ms={balance_p99:.2f} statement_s={statement_s:.2f}")
        return 1 if problems else 0
    finally:
        if not KEEP:
            from django.db import connections

            connections.close_all()
            _recreate_database(url, create=False)


if __name__ == "__main__":
    sys.exit(main())
