"""Summarise Lighthouse JSON reports: the minimum of each score and the heaviest first-load JavaScript.

    python scripts/lighthouse_summary.py report-1.json report-2.json ...
Prints one line per page on stderr, then: perf=<min> a11y=<min> best=<min> seo=<min> js_kb=<n>
"""

import json
import sys
from pathlib import Path

CATEGORIES = {"perf": "performance", "a11y": "accessibility", "best": "best-practices", "seo": "seo"}
scores = {short: [] for short in CATEGORIES}
js_kb = []
for path in sys.argv[1:]:
    report = json.loads(Path(path).read_text())
    page = {short: round(100 * (report["categories"][name]["score"] or 0)) for short, name in CATEGORIES.items()}
    for short, value in page.items():
        scores[short].append(value)
    requests = report["audits"]["network-requests"]["details"]["items"]
    script_bytes = sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Script")
    js_kb.append(script_bytes / 1024)
    failing = [
        audit_id for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    print(f"{report['finalDisplayedUrl']}: {page} js_kb={script_bytes / 1024:.1f} below 0.9: {', '.join(sorted(failing)) or '-'}", file=sys.stderr)
print(" ".join(f"{short}={min(values)}" for short, values in scores.items()) + f" js_kb={max(js_kb):.1f}")
