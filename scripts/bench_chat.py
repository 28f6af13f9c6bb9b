"""Benchmark: live conversations over websockets (`make bench-chat`).

200 websocket clients in 100 conversations (each conversation's buyer and its shop) against daphne serving
``config.asgi`` with the Redis channel layer, on a throw-away PostgreSQL database (``<name>_bench_chat``, made
and dropped here). Every client writes over its socket (``{"type": "send"}``: the consumer checks access on the
frame and calls ``message_send`` — rate limit, masking, the row, the broadcast, the notification job), one
message every ``BENCH_INTERVAL`` seconds (2) at a random phase, for ``BENCH_SECONDS`` (20). A message counts as
delivered when the *other* side's socket receives it; its latency is from the send to that receipt.

The last line is ``msgs_per_s=<n> p99_ms=<n> lost=<n>``: messages delivered per second over the run, the 99th
percentile latency, and messages sent but never delivered to the other side (refused ones included) within
5 seconds after the last send. ``BENCH_WORKERS`` daphne processes (2) share the clients; the Redis database
``BENCH_REDIS_DB`` (11) is emptied before and after. The servers listen on free ports of 127.0.0.1.
"""

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from bench_pg import bench_database_url, recreate_database

ROOT = Path(__file__).resolve().parent.parent
CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "100"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
INTERVAL = float(os.environ.get("BENCH_INTERVAL", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "11"))
DRAIN_SECONDS = 5.0
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids) -> float:
    """User + system CPU seconds the processes ``pids`` have used so far (Linux /proc; 0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICKS


def _backend_pids(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving the bench database (the daphne processes' connections)."""
    import psycopg

    parsed = urlparse(database_url)
    params = {k: v for k, v in {
        "host": parsed.hostname, "port": parsed.port, "user": parsed.username, "password": parsed.password,
    }.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [parsed.path.lstrip("/")]
        ).fetchall()
    return [row[0] for row in rows]


def _bench_database_url() -> str:
    return bench_database_url("bench_chat", "bench-chat")


_recreate_database = recreate_database


def _environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CHAT_MESSAGES_PER_MINUTE": "100000",  # the benchmark measures the path, not the per-person limit
    }


def _people(env: dict) -> list[dict]:
    """Shops, buyers, a piece per conversation, the conversations, and a signed-in session per side."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from decimal import Decimal

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from marketplace.accounts.models import User
    from marketplace.chat.services import conversation_start
    from marketplace.products.models import Brand, Category, ConditionGrade, StoreProduct
    from marketplace.vendors.models import VendorProfile
    from marketplace.vendors.services import vendor_approve

    def session_for(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    category = Category.objects.create(slug="bench", name="Bench")
    brand = Brand.objects.create(slug="bench", name="Bench")
    grade = ConditionGrade.objects.create(slug="bench", name="Bench", rank=1)
    shops = []
    for s in range(max(1, CONVERSATIONS // 10)):
        owner = User.objects.create_user(username=f"shop{s}", email=f"shop{s}@bench.invalid", password=None)
        shop = VendorProfile.objects.create(
            user=owner, shop_name=f"Bench shop {s}", slug=f"bench-shop-{s}", legal_name=f"Bench {s} SRL",
            vat_number="RO41283370", iban="RO16BTRLRONCRT0123456701",
        )
        shops.append((vendor_approve(vendor=shop, actor=None), session_for(owner)))
    rows = []
    for c in range(CONVERSATIONS):
        shop, shop_session = shops[c % len(shops)]
        buyer = User.objects.create_user(username=f"buyer{c}", email=f"buyer{c}@bench.invalid", password=None)
        piece = StoreProduct.objects.create(
            vendor=shop, title=f"Piesa {c}", slug=f"piesa-bench-{c}", category=category, brand=brand,
            product_type="preloved", condition=grade, status="validated", price=Decimal("100.00"), stock=1, wizard_step=6,
        )
        conversation = conversation_start(buyer=buyer, product=piece)
        rows.append({"id": conversation.pk, "buyer": session_for(buyer), "vendor": shop_session})
    return rows


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit(f"daphne did not listen on {port}")


class CpuMeter:
    """CPU seconds used during the run by the servers, the PostgreSQL processes serving them and this client."""

    def __init__(self, server_pids: list[int], database_url: str):
        self.server_pids, self.database_url = server_pids, database_url

    def start(self) -> None:
        self.backends = {pid: _cpu_seconds([pid]) for pid in _backend_pids(self.database_url)}
        self.servers, self.client = _cpu_seconds(self.server_pids), time.process_time()

    def stop(self) -> dict:
        backends = _backend_pids(self.database_url)  # a connection opened during the run counts from zero
        database = sum(_cpu_seconds([pid]) - self.backends.get(pid, 0) for pid in backends)
        return {
            "server": _cpu_seconds(self.server_pids) - self.servers, "postgres": database,
            "client": time.process_time() - self.client,
        }


async def _run_clients(rows: list[dict], ports: list[int], meter: CpuMeter) -> tuple[list[float], int, int, float, dict]:
    from websockets.asyncio.client import connect

    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    refused = 0
    first_send = [None]
    last_receive = [0.0]

    async def client(index: int, row: dict, side: str):
        nonlocal refused
        port = ports[index % len(ports)]
        headers = {"Cookie": f"sessionid={row[side]}", "Origin": f"http://127.0.0.1:{port}"}
        other = "vendor" if side == "buyer" else "buyer"
        async with handshakes:  # people arrive over a few seconds, not in one burst of 200 handshakes
            ws = await connect(f"ws://127.0.0.1:{port}/ws/chat/{row['id']}/", additional_headers=headers, max_queue=None)
        async with ws:
            connected.append(1)
            await ready.wait()

            async def reader():
                nonlocal refused
                async for raw in ws:
                    frame = json.loads(raw)
                    if frame.get("type") == "message" and frame["message"]["side"] == other:
                        started = sent_at.pop(frame["message"]["text"], None)
                        if started is not None:
                            now = time.perf_counter()
                            latencies.append((now - started) * 1000)
                            last_receive[0] = max(last_receive[0], now)
                    elif frame.get("type") == "error":
                        refused += 1

            task = asyncio.create_task(reader())
            await asyncio.sleep(random.uniform(0, INTERVAL))
            seq = 0
            end = start_time[0] + SECONDS
            while time.perf_counter() < end:
                text = f"c{row['id']}{side[0]}n{seq}"
                seq += 1
                now = time.perf_counter()
                first_send[0] = first_send[0] or now
                sent_at[text] = now
                await ws.send(json.dumps({"type": "send", "text": text}))
                await asyncio.sleep(INTERVAL)
            await asyncio.sleep(DRAIN_SECONDS)
            task.cancel()

    ready = asyncio.Event()
    handshakes = asyncio.Semaphore(20)
    connected: list[int] = []
    start_time = [0.0]
    tasks = [
        asyncio.create_task(client(i * 2 + k, row, side))
        for i, row in enumerate(rows)
        for k, side in enumerate(("buyer", "vendor"))
    ]
    while len(connected) < len(tasks):  # every socket connects first
        await asyncio.sleep(0.1)
        for task in tasks:
            if task.done() and task.exception():
                raise task.exception()
    meter.start()
    start_time[0] = time.perf_counter()
    ready.set()
    await asyncio.gather(*tasks)
    cpu = meter.stop()
    lost = len(sent_at)
    elapsed = (last_receive[0] or time.perf_counter()) - (first_send[0] or start_time[0])
    return latencies, lost, refused, elapsed, cpu


def main() -> None:
    database_url = _bench_database_url()
    env = _environment(database_url)
    python = str(ROOT / ".venv" / "bin" / "python")
    daphne = str(ROOT / ".venv" / "bin" / "daphne")
    import redis

    store = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    store.flushdb()
    _recreate_database(database_url)
    servers = []
    try:
        subprocess.run(  # noqa: S603 - fixed arguments: our interpreter and manage.py
            [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        rows = _people(env)
        ports = [_free_port() for _ in range(WORKERS)]
        for port in ports:
            servers.append(subprocess.Popen(  # noqa: S603 - fixed arguments: our daphne, our ASGI app
                [daphne, "-b", "127.0.0.1", "-p", str(port), "--verbosity", "0", "config.asgi:application"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=None if os.environ.get("BENCH_DEBUG") else subprocess.DEVNULL,
            ))
        for port in ports:
            _wait_for_port(port)
        meter = CpuMeter([server.pid for server in servers], database_url)
        latencies, lost, refused, elapsed, cpu = asyncio.run(_run_clients(rows, ports, meter))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        from django.db import connections

        connections.close_all()
        if not os.environ.get("BENCH_KEEP"):
            _recreate_database(database_url, create=False)
            store.flushdb()
    latencies.sort()
    p50 = latencies[len(latencies) // 2] if latencies else 0
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0
    print(
        f"clients={len(rows) * 2} conversations={len(rows)} workers={WORKERS} delivered={len(latencies)} "
        f"refused={refused} p50_ms={p50:.1f}"
    )
    per_message = {name: seconds * 1000 / max(1, len(latencies)) for name, seconds in cpu.items()}
    print(
        f"cpu_ms_per_msg: server={per_message['server']:.2f} postgres={per_message['postgres']:.2f} "
        f"client={per_message['client']:.2f} (load average {os.getloadavg()[0]:.1f})"
    )
    print(f"msgs_per_s={len(latencies) / elapsed:.0f} p99_ms={p99:.1f} lost={lost}")


if __name__ == "__main__":
    main()
