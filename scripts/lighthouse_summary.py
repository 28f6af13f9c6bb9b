"""Summarise Lighthouse JSON reports: one line per page, then the minimum of each score and the
heaviest first-load JavaScript.

    python scripts/lighthouse_summary.py reports/home.json reports/cart.json ...
Prints, for each report (named by its file's stem):
    <page>: perf=<n> a11y=<n> best=<n> seo=<n> js_kb=<n> below 0.9: <audit ids>
then: perf=<min> a11y=<min> best=<min> seo=<min> js_kb=<max>
"""

import json
import sys
from pathlib import Path

CATEGORIES = {"perf": "performance", "a11y": "accessibility", "best": "best-practices", "seo": "seo"}


def page_figures(report: dict) -> tuple[dict, float, list[str]]:
    """Scores (0-100) by short name, first-load JavaScript in KB as transferred, failing audit ids."""
    scores = {short: round(100 * (report["categories"][name]["score"] or 0)) for short, name in CATEGORIES.items()}
    requests = report["audits"]["network-requests"]["details"]["items"]
    js_kb = sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Script") / 1024
    failing = sorted(
        audit_id for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return scores, js_kb, failing


def main(paths: list[str]) -> None:
    lowest = {short: 100 for short in CATEGORIES}
    heaviest = 0.0
    for path in paths:
        scores, js_kb, failing = page_figures(json.loads(Path(path).read_text()))
        lowest = {short: min(lowest[short], scores[short]) for short in CATEGORIES}
        heaviest = max(heaviest, js_kb)
        figures = " ".join(f"{short}={value}" for short, value in scores.items())
        print(f"{Path(path).stem}: {figures} js_kb={js_kb:.1f} below 0.9: {', '.join(failing) or '-'}")
    print(" ".join(f"{short}={value}" for short, value in lowest.items()) + f" js_kb={heaviest:.1f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
