"""HTTP load on the storefront served by gunicorn on 127.0.0.1 (started by scripts/load.sh or bench_bids_http.sh).

    load_http.py mixed <port> [seconds]   120 users: 70 % browsing, 20 % signed-in buying, 10 % bidding, with a
                                          burst of real sign-ins (PBKDF2) in the middle third; the first
                                          10 s (arrivals, cold caches) count in neither figure. Prints
                                          steady_p99_ms= burst_p99_ms= requests= errors= signins=
    load_http.py bids <port> [seconds]    20 signed-in bidders on one hot auction through POST /pwa/api/auctions/<id>/bids,
                                          next to the trivial endpoint's rate, from CLIENT_PROCESSES (4) processes.
                                          Prints http_bids_per_s= p50_ms= p99_ms= lost= trivial_rps= ratio= and
                                          the load generator's own CPU (client_cpu_pct=, of one core).

Loopback only (127.0.0.1; sign-ins come from 127.0.0.2… so the per-address sign-in limit is not what is
measured), every loop bounded in time. Run with the server's settings and database (the wrappers export
them): this process makes the users, sessions and the auction, and checks the bids afterwards.
"""

import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

PASSWORD = "snobistic-load-2026"  # the load accounts' (…@snobistic.invalid, benchmark database only)
CSRF = get_random_string(32)
User = get_user_model()


def session_cookie(user) -> str:
    """A signed-in session as ``login()`` makes it (the password check is measured apart, in the burst)."""
    session = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={CSRF}"


def buyer(email: str, *, password: str | None = None):
    from allauth.account.models import EmailAddress

    user, created = User.objects.get_or_create(email=email, defaults={"username": email})
    if password and created:  # hashed once (0.5 s of PBKDF2 each), kept across runs
        user.set_password(password)  # the production hasher: PBKDF2 at full strength
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


class Client:
    """One keep-alive connection; ``source`` picks the loopback address requests come from."""

    def __init__(self, port: int, cookie: str = "", source: str = "127.0.0.1"):
        self.port, self.cookie, self.source = port, cookie, source
        self.connection = None

    def request(self, method: str, path: str, body: str | None = None, content_type: str = "application/json"):
        headers = {"Host": "127.0.0.1"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if method != "GET":
            headers["X-CSRFToken"] = CSRF
            headers["Content-Type"] = content_type
        began = time.perf_counter()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        return response.status, data, (time.perf_counter() - began) * 1000


def hot_auction():
    from marketplace.auctions.services import auction_create_for_product
    from marketplace.products.models import AuctionProduct, Brand, Category, ConditionGrade
    from marketplace.vendors.models import VendorProfile
    from marketplace.vendors.services import vendor_approve

    tag = get_random_string(6).lower()
    seller = User.objects.create_user(email=f"load-seller-{tag}@snobistic.invalid", username=f"load-seller-{tag}", password=None)
    vendor = vendor_approve(
        vendor=VendorProfile.objects.create(
            user=seller, shop_name=f"Load {tag}", slug=f"load-{tag}", legal_name="Load SRL",
            vat_number="RO41283370", iban="RO16BTRLRONCRT0123456701",
        ),
        actor=None,
    )
    category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    brand, _ = Brand.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    grade, _ = ConditionGrade.objects.get_or_create(slug="bench", defaults={"name": "Bench", "rank": 99})
    product = AuctionProduct.objects.create(
        vendor=vendor, title="Load lot", slug=f"load-lot-{tag}", category=category, brand=brand,
        product_type="preloved", condition=grade, status="validated", wizard_step=6,
        starting_price="100.00", reserve_price="5000.00", duration_hours=24,
    )
    return auction_create_for_product(product=product)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else 0.0


class Bidding:
    """Bidders' loops: a maximum a little above the minimum bid the last answer named, as a phone would offer.

    Every 201 names the next minimum; a 409 (below it, or not above one's own maximum) is a refusal the API
    gives by design, and the bidder reads the lot's status before bidding again.
    """

    def __init__(self, auction_id: int, minimum: Decimal):
        self.path = f"/pwa/api/auctions/{auction_id}/bids"
        self.status_path = f"/pwa/api/auctions/{auction_id}/status"
        self.minimum = minimum
        self.told = []  # (user id, outcome) of every 201
        self.lock = threading.Lock()

    def _saw(self, body: dict) -> None:
        if body.get("minimum_bid"):
            self.minimum = max(self.minimum, Decimal(body["minimum_bid"]))

    def bid(self, client: Client, user_id: int, rng: random.Random):
        maximum = (self.minimum + Decimal(rng.randint(0, 150000)) / 100).quantize(Decimal("0.01"))
        status, data, ms = client.request("POST", self.path, json.dumps({"amount": str(maximum)}))
        if status == 201:
            body = json.loads(data)
            with self.lock:
                self.told.append((user_id, body["outcome"]))
                self._saw(body)
        elif status == 409:
            answer, data_, _ms = client.request("GET", self.status_path)
            if answer == 200:
                with self.lock:
                    self._saw(json.loads(data_))
        return status, ms

    def lost(self, auction) -> int:
        from marketplace.auctions.models import Bid

        stored = {}
        for user_id, outcome in Bid.objects.filter(auction=auction).values_list("user_id", "outcome"):
            stored[(user_id, outcome)] = stored.get((user_id, outcome), 0) + 1
        told = {}
        for key in self.told:
            told[key] = told.get(key, 0) + 1
        return sum(max(0, n - stored.get(key, 0)) for key, n in told.items())


def run_threads(count: int, target) -> None:
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def mixed(port: int, seconds: float) -> None:
    from marketplace.products.models import StoreProduct

    product_ids = list(StoreProduct.objects.public().on_sale().values_list("pk", flat=True)[:500])
    auction = hot_auction()
    bidding = Bidding(auction.pk, auction.starting_price)
    shoppers = [buyer(f"load-buyer-{n}@snobistic.invalid") for n in range(24)]
    bidders = [buyer(f"load-bidder-{n}@snobistic.invalid") for n in range(12)]
    signers = [buyer(f"load-member-{n}@snobistic.invalid", password=PASSWORD) for n in range(8)]
    cookies = {user.pk: session_cookie(user) for user in shoppers + bidders}
    samples, errors, lock = [], [], threading.Lock()
    start = time.perf_counter() + 1.0
    burst = (start + seconds / 3, start + 2 * seconds / 3)
    end = start + seconds

    def record(began_at, status, ms, expected=(200,)):
        with lock:
            samples.append((began_at, ms))
            if status not in expected:
                errors.append(status)

    def user(index: int) -> None:
        rng = random.Random(index)
        kind = "browse" if index < 84 else "buy" if index < 108 else "bid"
        person = shoppers[index - 84] if kind == "buy" else bidders[index - 108] if kind == "bid" else None
        client = Client(port, cookies[person.pk] if person else "")
        cursor = None
        while time.perf_counter() < start + index * 5.0 / 120:  # people arrive over the first 5 s
            time.sleep(0.01)
        while (now := time.perf_counter()) < end:
            roll = rng.random()
            if kind == "browse" and roll < 0.6 or kind == "buy" and roll < 0.5:
                query = "limit=24&sort=price_asc" + ("&my_sizes=true" if kind == "buy" else "")
                status, data, ms = client.request("GET", "/pwa/api/catalog/products?" + query + (f"&cursor={cursor}" if cursor else ""))
                cursor = json.loads(data).get("next_cursor") if status == 200 and rng.random() < 0.7 else None
                record(now, status, ms)
            elif kind in ("browse", "buy") and roll < 0.9:
                status, _data, ms = client.request("GET", f"/pwa/api/catalog/products/{rng.choice(product_ids)}")
                record(now, status, ms)
            elif kind == "buy":
                status, _data, ms = client.request("GET", "/pwa/api/cart")
                record(now, status, ms)
            elif kind == "browse":
                status, _data, ms = client.request("GET", f"/pwa/api/auctions/{auction.pk}")
                record(now, status, ms)
            else:
                status, ms = bidding.bid(client, person.pk, rng)
                record(now, status, ms, expected=(201, 409))
            time.sleep(rng.uniform(2.0, 6.0))  # a person reads the page (4 s on average: 30 requests/s from 120 users)

    signins = []

    def sign_in(index: int) -> None:
        # staggered through the burst, each from its own loopback address (its own sign-in limit)
        at = burst[0] + (burst[1] - burst[0]) * index / len(signers)
        while time.perf_counter() < at:
            time.sleep(0.01)
        client = Client(port, f"{settings.CSRF_COOKIE_NAME}={CSRF}", source=f"127.0.0.{2 + index}")
        form = f"email={signers[index].email}&password={PASSWORD}&csrfmiddlewaretoken={CSRF}"
        status, _data, ms = client.request("POST", "/accounts/login/", form, "application/x-www-form-urlencoded")
        with lock:
            signins.append((status, ms))

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(120)]
    threads += [threading.Thread(target=sign_in, args=(i,), daemon=True) for i in range(len(signers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    # the first 10 s warm the caches (every worker's first pages): neither steady nor burst
    steady = [ms for at, ms in samples if at >= start + 10 and not burst[0] <= at < burst[1]]
    during = [ms for at, ms in samples if burst[0] <= at < burst[1]]
    good_signins = sum(1 for status, _ms in signins if status == 302)
    print(
        f"requests={len(samples)} errors={len(errors)} signins={good_signins}/{len(signers)} "
        f"signin_p50_ms={statistics.median([ms for _s, ms in signins]):.0f} "
        f"bids_lost={bidding.lost(auction)} rps={len(samples) / seconds:.0f}"
    )
    print(f"steady_p99_ms={percentile(steady, 0.99):.1f} burst_p99_ms={percentile(during, 0.99):.1f}")
    if errors or good_signins != len(signers):
        sys.exit(f"failed requests: {errors[:10]}; sign-ins answered {[s for s, _ in signins]}")


def server_cpu_seconds() -> float:
    """CPU seconds the gunicorn workers (children of $GUNICORN_PID, set by load.sh) have used so far.

    What a bid costs the server, far less swayed than latency by the other work on a shared machine.
    """
    master = os.environ.get("GUNICORN_PID", "")
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split() if master else []
    except OSError:
        return 0.0
    ticks = 0
    for child in children:
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a worker recycled meanwhile
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _bidders_process(port: int, path_id: int, minimum: str, people: list, stop: float, seed: int):
    """One load process's share of the bidders (threads), until ``stop`` (perf_counter is system-wide).

    Returns (latencies, statuses, told, cpu seconds). Runs in a forked child: no database here.
    """
    bidding = Bidding(path_id, Decimal(minimum))
    latencies, statuses, lock = [], [], threading.Lock()
    began = time.process_time()

    def bidder(i: int) -> None:
        user_id, cookie = people[i]
        rng, client = random.Random(seed * 1000 + i), Client(port, cookie)
        while time.perf_counter() < stop:
            status, ms = bidding.bid(client, user_id, rng)
            with lock:
                latencies.append(ms)
                statuses.append(status)

    run_threads(len(people), bidder)
    return latencies, statuses, bidding.told, time.process_time() - began


def _ping_process(port: int, clients: int, stop: float):
    done, began = [0] * clients, time.process_time()

    def hit(i):
        client = Client(port)
        while time.perf_counter() < stop:
            status, _d, _ms = client.request("GET", "/pwa/api/ping")
            done[i] += status == 200

    run_threads(clients, hit)
    return sum(done), time.process_time() - began


def bids(port: int, seconds: float) -> None:
    """20 bidders in CLIENT_PROCESSES (4) forked processes of 5 threads each: one Python process of 20
    threads would hold them all behind its own interpreter lock on these 2 cores, and measure itself
    (the load generator's CPU per bid is printed beside the figures)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from django.db import connections

    auction = hot_auction()
    bidding = Bidding(auction.pk, auction.starting_price)
    bidders = [buyer(f"load-bidder-{n}@snobistic.invalid") for n in range(20)]
    people = [(user.pk, session_cookie(user)) for user in bidders]
    processes = int(os.environ.get("CLIENT_PROCESSES", 4))
    shares = [people[n::processes] for n in range(processes)]
    pool = ProcessPoolExecutor(processes, mp_context=get_context("fork"))

    def trivial_rate(span: float) -> tuple[float, float]:
        stop = time.perf_counter() + span
        connections.close_all()  # a child may be forked now: it must not share this process's connection
        results = list(pool.map(_ping_process, [port] * processes, [20 // processes] * processes, [stop] * processes))
        return sum(n for n, _cpu in results) / span, sum(cpu for _n, cpu in results)

    latencies, statuses, client_cpu, server_cpu = [], [], 0.0, 0.0
    minimum = str(auction.starting_price)
    # the trivial endpoint and the bids alternate in three rounds: the machine's other work weighs on both
    trivial, bid_seconds = [], 0.0
    for round_ in range(3):
        trivial.append(trivial_rate(seconds / 6)[0])
        began, cpu_began = time.perf_counter(), server_cpu_seconds()
        stop = began + seconds / 6
        seeds = [round_ * processes + n for n in range(processes)]
        connections.close_all()
        for lat, sts, told, cpu in pool.map(_bidders_process, [port] * processes, [auction.pk] * processes,
                                            [minimum] * processes, shares, [stop] * processes, seeds):
            latencies += lat
            statuses += sts
            bidding.told += told
            client_cpu += cpu
        bid_seconds += time.perf_counter() - began
        server_cpu += server_cpu_seconds() - cpu_began
        auction.refresh_from_db()
        minimum = str(max(auction.current_price, auction.starting_price))
    pool.shutdown()
    unexpected = [s for s in statuses if s not in (201, 409)]
    rate = len(statuses) / bid_seconds
    trivial_rps = statistics.mean(trivial)
    print(f"bids={len(statuses)} accepted={statuses.count(201)} refused={statuses.count(409)} failed={len(unexpected)} "
          f"client_processes={processes} client_cpu_ms_per_bid={client_cpu * 1000 / max(1, len(statuses)):.2f} "
          f"client_cpu_pct={client_cpu * 100 / bid_seconds:.0f} "
          f"server_cpu_ms_per_bid={server_cpu * 1000 / max(1, len(statuses)):.1f}")
    print(
        f"http_bids_per_s={rate:.0f} p50_ms={statistics.median(latencies):.1f} p99_ms={percentile(latencies, 0.99):.1f} "
        f"lost={bidding.lost(auction)} trivial_rps={trivial_rps:.0f} ratio={rate / trivial_rps:.2f}"
    )
    if unexpected:
        sys.exit(f"unexpected answers: {unexpected[:10]}")


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    {"mixed": mixed, "bids": bids}[mode](port, float(sys.argv[3]) if len(sys.argv) > 3 else 60.0)
