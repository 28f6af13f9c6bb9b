"""Print a Lua table of catalogue API paths for wrk: the first N pages of one filtered, sorted list.

    bench_catalog_paths.py <base url> <pages> [<cookie> [<extra query>]]

With a session cookie the pages are a signed-in buyer's (the extra query, e.g. ``my_sizes=true``,
is added to every path).
"""

import json
import sys
import urllib.parse
import urllib.request

base, pages = sys.argv[1], int(sys.argv[2])
cookie = sys.argv[3] if len(sys.argv) > 3 else ""
extra = dict(urllib.parse.parse_qsl(sys.argv[4])) if len(sys.argv) > 4 else {}
params = {"limit": "24", "type": "preloved", "sort": "price_asc", **extra}
paths, cursor = [], None
for _ in range(pages):
    query = dict(params, **({"cursor": cursor} if cursor else {}))
    path = "/pwa/api/catalog/products?" + urllib.parse.urlencode(query)
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        body = json.load(response)
    assert len(body["items"]) == 24, f"{path}: {len(body['items'])} items"
    if cookie:
        assert any(item["is_favorite"] for item in body["items"]), f"{path}: no favourite marked (not signed in?)"
    paths.append(path)
    cursor = body["next_cursor"]
    if cursor is None:
        break
print("paths = { " + ", ".join(json.dumps(p) for p in paths) + " }")
