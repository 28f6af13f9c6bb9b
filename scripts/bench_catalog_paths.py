"""Print a Lua table of catalogue API paths for wrk: the first N pages of one filtered, sorted list."""

import json
import sys
import urllib.parse
import urllib.request

base, pages = sys.argv[1], int(sys.argv[2])
params = {"limit": "24", "type": "preloved", "sort": "price_asc"}
paths, cursor = [], None
for _ in range(pages):
    query = dict(params, **({"cursor": cursor} if cursor else {}))
    path = "/pwa/api/catalog/products?" + urllib.parse.urlencode(query)
    with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310 (loopback)
        body = json.load(response)
    assert len(body["items"]) == 24, f"{path}: {len(body['items'])} items"
    paths.append(path)
    cursor = body["next_cursor"]
    if cursor is None:
        break
print("paths = { " + ", ".join(json.dumps(p) for p in paths) + " }")
