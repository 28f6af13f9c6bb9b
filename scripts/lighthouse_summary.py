"""Summarise Lighthouse JSON reports: one line per page, then the minimum of each score and the
heaviest first-load JavaScript.

    python scripts/lighthouse_summary.py --dir REPORTS home catalogue ...
reads REPORTS/<page>.<run>.json for each page and keeps its median run by performance score
(Lighthouse's own advice against its run-to-run variance). Prints, for each page:
    <page>: perf=<n> a11y=<n> best=<n> seo=<n> js_kb=<n> below 0.9: <audit ids> (perf over runs: <n> <n> ...)
then: perf=<min> a11y=<min> best=<min> seo=<min> js_kb=<max>
"""

import argparse
import json
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


def median_run(paths: list[Path]) -> tuple[dict, float, list[str], list[int]]:
    """The figures of the run with the median performance score, and every run's performance."""
    runs = sorted((page_figures(json.loads(path.read_text())) for path in paths), key=lambda run: run[0]["perf"])
    if not runs:
        raise SystemExit("no report")
    scores, js_kb, failing = runs[(len(runs) - 1) // 2]
    return scores, js_kb, failing, [run[0]["perf"] for run in runs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    lowest = {short: 100 for short in CATEGORIES}
    heaviest = 0.0
    for page in args.pages:
        paths = sorted(args.dir.glob(f"{page}.*.json"))
        if not paths:
            raise SystemExit(f"no report for {page} in {args.dir}")
        scores, js_kb, failing, perfs = median_run(paths)
        lowest = {short: min(lowest[short], scores[short]) for short in CATEGORIES}
        heaviest = max(heaviest, js_kb)
        figures = " ".join(f"{short}={value}" for short, value in scores.items())
        print(f"{page}: {figures} js_kb={js_kb:.1f} below 0.9: {', '.join(failing) or '-'} (perf over runs: {' '.join(map(str, perfs))})")
    print(" ".join(f"{short}={value}" for short, value in lowest.items()) + f" js_kb={heaviest:.1f}")


if __name__ == "__main__":
    main()
