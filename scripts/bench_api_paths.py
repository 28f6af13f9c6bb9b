"""Print Lua tables for wrk: the first N pages of one filtered, sorted catalogue list, over REST
(``/api/products/``) and GraphQL (``catalogue``), each page the 24 pieces the storefront shows."""

import json
import sys
import urllib.parse
import urllib.request

base, pages = sys.argv[1], int(sys.argv[2])
QUERY = (
    'query ($after: String) { catalogue(first: 24, productType: "preloved", sort: PRICE_ASC, after: $after) '
    "{ nextCursor items { id title brand price currency condition size image { alt card } } } }"
)


def get(path):
    with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310 (loopback)
        return json.load(response)


def post(path, body):
    request = urllib.request.Request(base + path, json.dumps(body).encode(), {"Content-Type": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return json.load(response)


rest, cursor = [], None
for _ in range(pages):
    query = {"limit": "24", "product_type": "preloved", "sort": "price_asc", **({"cursor": cursor} if cursor else {})}
    path = "/api/products/?" + urllib.parse.urlencode(query)
    body = get(path)
    assert len(body["results"]) == 24, f"{path}: {len(body['results'])} pieces"
    rest.append(path)
    cursor = body["next_cursor"]
    if cursor is None:
        break

graphql, cursor = [], None
for _ in range(pages):
    payload = {"query": QUERY, "variables": {"after": cursor}}
    body = post("/api/graphql/", payload)
    assert "errors" not in body and len(body["data"]["catalogue"]["items"]) == 24, body
    graphql.append(json.dumps(payload))
    cursor = body["data"]["catalogue"]["nextCursor"]
    if cursor is None:
        break

print("rest = { " + ", ".join(json.dumps(p) for p in rest) + " }")
print("graphql = { " + ", ".join(json.dumps(p) for p in graphql) + " }")
