"""The smoke test's journey: real clients over HTTPS through nginx, against the production shape.

Run by scripts/prod_smoke.sh once everything is up. A buyer signs up (the confirmation mail
reaches the SMTP sink and its link signs them in); a vendor signs in with an e-mailed second
factor and imports two listings with a photo (the photo lands in the bucket; the cut-out and
WebP renditions are made by a worker, with rembg); staff sign in the same way and validate both;
the buyer buys the fixed-price piece with cash on delivery; a websocket opened through nginx
sees another buyer's bid on the auction arrive live. Any 5xx, and any traceback in the
services' logs, fails the run. The last line is ``prod_smoke=ok steps=<n> seconds=<n>``.
"""

import argparse
import asyncio
import base64
import csv
import email
import email.policy
import io
import json
import os
import pickle
import re
import ssl
import sys
import time
import zipfile
from pathlib import Path

import boto3
import psycopg
import requests
import websockets
from PIL import Image, ImageDraw

STEPS: list[str] = []
SEEN_MAILS: set[str] = set()


class SmokeFailure(AssertionError):
    pass


def check(condition, message: str):
    if not condition:
        raise SmokeFailure(message)


def step(name: str) -> None:
    STEPS.append(name)
    print(f"  step {len(STEPS)}: {name}", flush=True)


class Client:
    """One person's browser: cookies, CSRF token and Origin as a browser sends them."""

    def __init__(self, base: str, cacert: str, name: str):
        self.base, self.name = base, name
        self.http = requests.Session()
        self.cacert = cacert  # passed on every call: a REQUESTS_CA_BUNDLE in the environment beats Session.verify
        self.http.headers["User-Agent"] = f"snobistic-prod-smoke ({name})"
        self.http.hooks["response"].append(self._no_server_error)
        self.last_request_id = ""

    def _no_server_error(self, response, *args, **kwargs):
        self.last_request_id = response.headers.get("X-Request-ID", "")
        if response.status_code >= 500:
            raise SmokeFailure(
                f"{self.name}: {response.request.method} {response.url} answered {response.status_code} "
                f"(request id {self.last_request_id})"
            )

    def url(self, path: str) -> str:
        return path if path.startswith("https://") else self.base + path

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.url(path), timeout=60, verify=self.cacert, **kwargs)

    def post(self, path: str, data=None, *, files=None, json_body=None, headers=None, **kwargs) -> requests.Response:
        token = self.http.cookies.get("csrftoken", "")
        headers = {"Origin": self.base, "Referer": self.url(path), "X-CSRFToken": token, **(headers or {})}
        if json_body is not None:
            return self.http.post(self.url(path), json=json_body, headers=headers, timeout=120, verify=self.cacert, **kwargs)
        data = {"csrfmiddlewaretoken": token, **(data or {})}
        return self.http.post(self.url(path), data=data, files=files, headers=headers, timeout=120, verify=self.cacert, **kwargs)


# --- Mail at the SMTP sink ----------------------------------------------------------------------
def wait_for_mail(mailbox: Path, *, to: str, pattern: str, seconds: int = 60) -> tuple[email.message.EmailMessage, re.Match]:
    """The first message not read yet, to ``to``, whose subject or text matches ``pattern``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in sorted(mailbox.glob("*.eml")):
            if path.name in SEEN_MAILS:
                continue
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if to.lower() not in str(message.get("To", "")).lower():
                continue
            body = message.get_body(preferencelist=("plain", "html"))
            text = f"{message['Subject']}\n{body.get_content() if body else ''}"
            match = re.search(pattern, text)
            if match:
                SEEN_MAILS.add(path.name)
                return message, match
        time.sleep(0.5)
    raise SmokeFailure(f"no mail to {to} matching {pattern!r} reached the SMTP sink in {seconds} s")


def sign_in_with_second_factor(client: Client, mailbox: Path, *, email_address: str, password: str, next_url: str) -> None:
    """Password, then the back office's first-time set-up: a code e-mailed to the account proves
    the inbox, then e-mail codes are turned on and the session counts as verified."""
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"email": email_address, "password": password, "next": next_url})
    check(response.status_code == 200 and "/accounts/login/" not in response.url, f"{email_address}: sign-in refused ({response.url})")
    setup = client.get(next_url)
    check("/accounts/2fa/setup/" in setup.url, f"{email_address}: the back office did not ask for a second factor ({setup.url})")
    here = "/accounts/2fa/setup/?" + setup.url.split("?", 1)[1]
    client.post(here, {"action": "proof_send", "next": next_url})
    _message, match = wait_for_mail(mailbox, to=email_address, pattern=r"\b(\d{6})\b")
    proof = client.post(here, {"action": "proof_verify", "code": match.group(1), "next": next_url})
    check(proof.status_code == 200, f"{email_address}: the e-mailed code was refused")
    enabled = client.post(here, {"action": "email_enable", "next": next_url})
    check(enabled.status_code == 200 and enabled.url.rstrip("/").endswith(next_url.rstrip("/")),
          f"{email_address}: not let into {next_url} after the second factor ({enabled.url})")


# --- The listing's photo and sheet --------------------------------------------------------------
def bag_photo() -> bytes:
    """A bag on a plain light backdrop, as a vendor photographs one."""
    picture = Image.new("RGB", (900, 900), (236, 233, 228))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((210, 330, 690, 720), radius=40, fill=(40, 28, 24))
    draw.arc((330, 180, 570, 420), start=180, end=360, fill=(40, 28, 24), width=28)
    draw.rectangle((420, 430, 480, 470), fill=(200, 170, 90))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def import_files(run: str) -> tuple[bytes, bytes, dict[str, str]]:
    titles = {"fixed": f"Geantă de test {run}", "auction": f"Geantă la licitație {run}"}
    sheet = io.StringIO()
    writer = csv.writer(sheet)
    writer.writerow(["title", "description", "category", "subcategory", "brand", "product_type", "condition",
                     "colour", "material", "price", "stock", "starting_price", "duration_hours", "image_files"])
    common = ["Piesă verificată de testul de producție.", "genti", "genti-de-mana", "Hermès", "preloved", "excelent",
              "black", "piele"]
    writer.writerow([titles["fixed"], *common, "1200", "1", "", "", "bag.jpg"])
    writer.writerow([titles["auction"], *common, "", "", "500", "24", "bag.jpg"])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("bag.jpg", bag_photo())
    return sheet.getvalue().encode(), archive.getvalue(), titles


def wait_import(client: Client, job_url: str, *, until: set[str], seconds: int = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        progress = client.get(job_url + "progress/").json()
        if progress["status"] in until:
            return progress
        check(progress["status"] not in {"invalid", "failed"}, f"the import stopped: {progress}")
        time.sleep(1)
    raise SmokeFailure(f"the import did not reach {until} in {seconds} s")


# --- Checks on the services behind --------------------------------------------------------------
def bucket_keys(prefix: str) -> list[str]:
    s3 = boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"])
    listing = s3.list_objects_v2(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"], Prefix=prefix)
    return [item["Key"] for item in listing.get("Contents", [])]


def job_results(func_suffix: str) -> list[tuple[bool, object]]:
    """(success, result) of the django-q2 jobs whose function ends with ``func_suffix``."""
    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        rows = connection.execute("SELECT success, result FROM django_q_task WHERE func LIKE %s", [f"%{func_suffix}"]).fetchall()
    return [(success, pickle.loads(base64.b64decode(result)) if result else None) for success, result in rows]  # noqa: S301 - our own jobs' results


def logs_clean(logs: Path) -> list[str]:
    """Problems in the services' logs: tracebacks anywhere, 5xx in nginx's access log."""
    problems = []
    for log in sorted(logs.glob("*.log")):
        text = log.read_text(errors="replace")
        if "Traceback" in text:
            line = next(line for line in text.splitlines() if "Traceback" in line)
            problems.append(f"{log.name}: a traceback: {line[:400]}")
        if log.name == "nginx-access.log":
            for line in text.splitlines():
                entry = json.loads(line)
                if entry["status"] >= 500:
                    problems.append(f"nginx: {entry['request']} answered {entry['status']} (request id {entry['request_id']})")
    return problems


def json_log_lines(logs: Path, name_glob: str) -> list[dict]:
    lines = []
    for log in logs.glob(name_glob):
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
    return lines


# --- The journey ----------------------------------------------------------------------------------
def journey(args) -> None:
    base, mailbox, logs = args.base, Path(args.mailbox), Path(args.logs)
    run = time.strftime("%H%M%S")

    step("TLS, security headers and readiness through nginx")
    probe = Client(base, args.cacert, "probe")
    ready = probe.get("/healthz/")
    check(ready.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "storage": "ok"}}, f"/healthz/: {ready.text}")
    check(probe.get("/livez/").text == "ok", "/livez/ did not answer ok")
    home = probe.get("/")
    check(home.status_code == 200 and "max-age=" in home.headers.get("Strict-Transport-Security", ""), "home page or HSTS missing")
    check(len(home.headers.get("X-Request-ID", "")) == 32, "nginx's request id did not reach the response")
    plain = requests.get(base.replace("https://", "http://").replace(f":{args.https_port}", f":{args.http_port}") + "/",
                         allow_redirects=False, timeout=10) if args.http_port else None
    if plain is not None:
        check(plain.status_code == 301 and plain.headers["Location"].startswith("https://"), "plain HTTP is not sent to HTTPS")

    step("the sign-in page and its static files (collectstatic, manifest storage)")
    login_page = probe.get("/accounts/login/")
    check(login_page.status_code == 200, "the login page did not render")
    static = re.findall(r'/static/[^"\']+\.[0-9a-f]{12}\.(?:css|js)', login_page.text)
    check(static, "the login page links no fingerprinted static file")
    for path in set(static):
        check(probe.get(path).status_code == 200, f"{path} is not served")
    session_cookie = next((c for c in probe.http.cookies if c.name == "csrftoken"), None)
    check(session_cookie is not None and session_cookie.secure, "the CSRF cookie is not Secure behind TLS")

    step("a buyer signs up; the confirmation mail arrives and its link signs them in")
    buyer = Client(base, args.cacert, "buyer")
    buyer_email = f"cumparator.{run}@example.ro"
    buyer.get("/accounts/register/")
    signup = buyer.post("/accounts/register/", {
        "first_name": "Ioana", "last_name": "Smoke", "email": buyer_email,
        "password1": "Lux-smoke-2026!", "password2": "Lux-smoke-2026!", "accept_terms": "on",
    })
    check(signup.status_code == 200 and buyer_email in signup.text, "the sign-up did not say to check the inbox")
    _mail, link = wait_for_mail(mailbox, to=buyer_email, pattern=r"https://[^\s\"<>]+/accounts/confirm-email/[^\s\"<>/]+/")
    check(link.group(0).startswith(base + "/"), f"the confirmation link does not point at the site: {link.group(0)}")
    buyer.get(link.group(0))
    confirmed = buyer.post(link.group(0))
    check(confirmed.status_code == 200 and "/accounts/login/" not in confirmed.url, "the confirmation link did not sign the buyer in")
    check(buyer.get("/accounts/profile/").url.endswith("/accounts/profile/"), "the buyer is not signed in after confirming")
    secure = {c.name: c.secure for c in buyer.http.cookies}
    check(secure.get("sessionid") is True, "the session cookie is not Secure behind TLS")

    step("a vendor signs in with an e-mailed second factor")
    vendor = Client(base, args.cacert, "vendor")
    sign_in_with_second_factor(vendor, mailbox, email_address="boutique@snobistic.ro", password=args.password, next_url="/vendors/")

    step("the vendor imports two listings (fixed price, auction) with a photo from a ZIP")
    sheet, archive, titles = import_files(run)
    vendor.get("/vendors/products/import/")
    uploaded = vendor.post("/vendors/products/import/", files={
        "source": ("smoke.csv", sheet, "text/csv"), "photos": ("photos.zip", archive, "application/zip"),
    })
    job_match = re.search(r"/vendors/products/import/(\d+)/$", uploaded.url)
    check(job_match, f"the upload did not open its import page ({uploaded.status_code} {uploaded.url})")
    job_url = f"/vendors/products/import/{job_match.group(1)}/"
    checked = wait_import(vendor, job_url, until={"ready"})
    check(checked["error_count"] == 0, f"the dry run found problems: {checked}")
    confirmed = vendor.post(job_url + "confirm/", allow_redirects=False)
    import_request_id = confirmed.headers.get("X-Request-ID", "")  # the request that writes the listings
    done = wait_import(vendor, job_url, until={"done"})
    check(done["created_count"] == 2, f"the import wrote {done['created_count']} listings, not 2")
    export = vendor.get("/vendors/export-csv/?format=csv&status=pending").content.decode("utf-8-sig")
    listed = {row["title"]: int(row["id"]) for row in csv.DictReader(io.StringIO(export))}
    ids = {kind: listed.get(title) for kind, title in titles.items()}
    check(all(ids.values()), f"the export does not list both imported listings: {sorted(listed)}")

    step("the photos land in the bucket; a worker cuts them out (rembg) and makes the WebP renditions")
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        keys = {kind: bucket_keys(f"products/{pk}/") for kind, pk in ids.items()}
        if all(any(k.endswith("-card.webp") for k in ks) and any(k.endswith("-cut.png") for k in ks) for ks in keys.values()):
            break
        time.sleep(1)
    else:
        raise SmokeFailure(f"no cut-out and renditions in the bucket after 150 s: {keys}")
    for kind in ids:
        check(any(k.endswith(".jpg") for k in keys[kind]), f"the original photo of {kind} is not in the bucket")
    methods = [result for success, result in job_results("background_remove_task") if success]
    check(len(methods) >= 2 and set(methods) == {"rembg"}, f"background removal did not run with rembg: {methods}")
    worker_lines = [line for line in json_log_lines(logs, "worker-*.log") if line.get("request_id") == import_request_id]
    check(any("background_remove_task" in line["message"] for line in worker_lines),
          f"no worker log line carries the import request's id {import_request_id}")

    step("staff sign in with an e-mailed second factor and validate both listings")
    staff = Client(base, args.cacert, "staff")
    sign_in_with_second_factor(staff, mailbox, email_address="admin@snobistic.ro", password=args.password, next_url="/admin/")
    for kind, pk in ids.items():
        review = staff.get(f"/admin/platform/validate/{pk}/")
        check(review.status_code == 200 and titles[kind] in review.text, f"the review page of {kind} did not open")
        validated = staff.post(f"/admin/platform/validate/{pk}/", {"decision": "validate"})
        check(validated.status_code == 200 and "/admin/platform/validate/" not in validated.url, f"{kind} was not validated")
    wait_for_mail(mailbox, to="boutique@snobistic.ro", pattern=re.escape(titles["fixed"]))

    step("the piece is public, with its WebP photos from the bucket")
    page = buyer.get(f"/products/{ids['fixed']}/")
    check(page.status_code == 200 and titles["fixed"] in page.text, "the product page does not show the piece")
    photos = re.findall(r'(https?://[^"\s]+\.webp[^"\s]*)', page.text)
    check(photos, "the product page shows no WebP rendition")
    photo = requests.get(photos[0].replace("&amp;", "&"), timeout=30)
    check(photo.status_code == 200 and photo.content[:4] == b"RIFF", f"the rendition is not served from the bucket ({photo.status_code})")

    step("the buyer buys it with cash on delivery")
    added = buyer.post(f"/cart/add/{ids['fixed']}/", {"quantity": "1"})
    check(added.status_code == 200 and titles["fixed"] in buyer.get("/cart/").text, "the piece is not in the cart")
    checkout = buyer.get("/cart/checkout/")
    deliveries = sorted(set(re.findall(r'name="(delivery_\d+)"', checkout.text)))
    check(len(deliveries) == 1, f"checkout shows {len(deliveries)} shops to deliver from")
    placed = buyer.post("/cart/checkout/", {
        "shipping_name": "Ioana Smoke", "shipping_phone": "0722123456", "shipping_address": "Str. Lipscani 10",
        "shipping_city": "București", "shipping_county": "București", "shipping_postal_code": "030031",
        "billing_type": "individual", "payment_method": "cod", deliveries[0]: "courier", "terms": "on",
    })
    number = re.search(r"SNB-[A-HJ-KM-NP-Z2-9]{3}-[A-HJ-KM-NP-Z2-9]{3}", placed.text)
    check(placed.status_code == 200 and number, f"no order number after checkout ({placed.url})")
    orders = buyer.get("/cart/orders/")
    check(number.group(0) in orders.text, "the order is not in the buyer's orders")

    step("a websocket through nginx sees another buyer's bid arrive live")
    auctions = buyer.get("/pwa/api/auctions/").json()
    auction = next((a for a in auctions if a["title"] == titles["auction"]), None)
    check(auction is not None, f"the validated auction listing has no live auction: {[a['title'] for a in auctions]}")
    bidder = Client(base, args.cacert, "bidder")
    bidder.get("/accounts/login/")
    signed_in = bidder.post("/accounts/login/", {"email": "ana@snobistic.ro", "password": args.password})
    check("/accounts/login/" not in signed_in.url, "the second buyer could not sign in")
    status = bidder.get(f"/auctions/{auction['id']}/status/").json()
    check(status["is_open"] and status["bids_count"] == 0, f"the auction is not open and empty: {status}")
    update = asyncio.run(watch_and_bid(args, buyer, bidder, auction["id"], status["minimum_bid"]))
    check(update["type"] == "update" and update["bids_count"] == 1 and update["price"] == status["minimum_bid"]
          and update["leader_is_me"] is False, f"the live update is not the bid: {update}")

    step("logs: JSON lines with request ids, no traceback, no 5xx")
    web_lines = json_log_lines(logs, "gunicorn.log")
    check(web_lines and all("request_id" in line for line in web_lines), "gunicorn's Django log lines are not JSON with a request id")
    problems = logs_clean(logs)
    check(not problems, "; ".join(problems))


async def watch_and_bid(args, watcher: Client, bidder: Client, auction_id: int, amount: str) -> dict:
    context = ssl.create_default_context(cafile=args.cacert)
    cookies = "; ".join(f"{c.name}={c.value}" for c in watcher.http.cookies)
    url = args.base.replace("https://", "wss://") + f"/ws/auctions/{auction_id}/"
    async with websockets.connect(url, ssl=context, origin=args.base, additional_headers={"Cookie": cookies},
                                  open_timeout=20) as socket:
        first = json.loads(await asyncio.wait_for(socket.recv(), 20))
        assert first["type"] == "status" and first["auction"] == auction_id, first
        placed = await asyncio.to_thread(
            bidder.post, f"/auctions/{auction_id}/bid/", json_body={"amount": amount}, headers={"Accept": "application/json"}
        )
        check(placed.status_code == 201, f"the bid was refused: {placed.status_code} {placed.text[:300]}")
        while True:
            message = json.loads(await asyncio.wait_for(socket.recv(), 20))
            if message.get("type") == "update":
                return message


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--cacert", required=True)
    parser.add_argument("--mailbox", required=True)
    parser.add_argument("--logs", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--started", type=int, default=int(time.time()))
    parser.add_argument("--http-port", default="")
    args = parser.parse_args()
    args.https_port = args.base.rsplit(":", 1)[-1]
    try:
        journey(args)
    except (SmokeFailure, AssertionError, requests.RequestException, TimeoutError, OSError) as exc:
        print(f"prod_smoke step {len(STEPS)} ({STEPS[-1] if STEPS else '-'}) failed: {exc}", file=sys.stderr)
        return 1
    print(f"prod_smoke=ok steps={len(STEPS)} seconds={int(time.time()) - args.started}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
