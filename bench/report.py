"""The benchmark's results for a reader: ratios to both baselines, the Markdown table, and
today's numbers against the targets of issues #6 and #16 (informative only, nothing fails on
them), beside earlier saved results.
"""

import json

from bench.scenarios import BASELINE, TRIVIAL
from bench.scratch_site import REPO

RESULTS = REPO / "bench" / "results"

# What issues #6 and #16 ask for; reported against today's numbers, never asserted.
TARGETS = {
    "api_list_p50_growth_max": 1.3,  # p50 at 100,000 stories / p50 at 1,000
    "api_list_ratio_min": 0.10,
    "api_detail_ratio_min": 0.3,
    "story_page_ratio_min": 0.10,  # uncached
    "cached_story_ratio_min": 0.9,
    "worker_peak_mb_max": 200,
}


def with_ratios(rows):
    """Each row's throughput over both baselines' (/healthz, and the trivial view without our
    middleware) and the /healthz CPU per request over its own, from the primary's servers."""

    def measured(name):
        row = next((r for r in rows if r["name"] == name), None)
        return row if row and row["load"].get("ok") else None

    baseline, trivial = measured(BASELINE), measured(TRIVIAL)
    for row in rows:
        if not row["load"].get("ok"):
            continue
        if baseline:
            row["ratio"] = round(row["load"]["rps"] / baseline["load"]["rps"], 4)
            if row.get("cpu_ms_per_request") and baseline.get("cpu_ms_per_request"):
                row["cpu_ratio"] = round(
                    baseline["cpu_ms_per_request"] / row["cpu_ms_per_request"], 4
                )
        if trivial:
            row["ratio_trivial"] = round(row["load"]["rps"] / trivial["load"]["rps"], 4)


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def span(low, high):
    return str(low) if low == high else f"{low}–{high}"


def table(rows, workers):
    lines = [
        "| Scenario | Queries | n | p50 ms | p95 ms | req/s | × /healthz | × trivial | CPU ms/req "
        "| × by CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        queries = row.get("queries")
        if queries is None:
            shown = "—"
        else:
            shown = span(queries["min"], queries["max"])
            first = span(queries.get("first_min"), queries.get("first_max"))
            if queries.get("first_max") not in (None, queries["max"]):
                shown += f" (1st: {first})"
        if not row["load"].get("ok"):
            failure = row["load"].get("failure", {})
            status = failure.get("status") or failure.get("statuses") or failure
            lines.append(f"| {row['name']} | {shown} | FAILED: {status} | | | | | | | |")
            continue
        load = row["load"]
        lines.append(
            f"| {row['name']} | {shown} | {load['requests']:,} | {fmt(load['p50_ms'])} | "
            f"{fmt(load['p95_ms'])} | "
            f"{fmt(load['rps'])} | {fmt(row.get('ratio'), 3)} | "
            f"{fmt(row.get('ratio_trivial'), 3)} | "
            f"{fmt(row.get('cpu_ms_per_request'), 2)} | {fmt(row.get('cpu_ratio'), 3)} |"
        )
    peaks = ", ".join(f"{w['peak_mb']} MB" for w in workers)
    lines.append("")
    lines.append(f"Worker peak memory (VmHWM): {peaks}")
    return "\n".join(lines)


def find_row(rows, name):
    return next((row for row in rows if row["name"] == name and row["load"].get("ok")), None)


def ratios(row):
    """ "0.123× /healthz, 0.100× trivial" for a row, or None."""
    if row is None or "ratio" not in row:
        return None
    trivial = f", {row['ratio_trivial']}× trivial" if "ratio_trivial" in row else ""
    return f"{row['ratio']}× /healthz{trivial}"


def previous_result(articles):
    """The latest saved result at `articles` stories, if any."""
    # Named <date>-<articles>.json before PostgreSQL runs, <date>-<articles>-sqlite.json since.
    files = sorted(
        [*RESULTS.glob(f"*-{articles}.json"), *RESULTS.glob(f"*-{articles}-sqlite.json")]
    )
    return json.loads(files[-1].read_text()) if files else None


def assess(rows, workers, articles):
    """Today's values against the targets (informative: nothing fails on them). Throughput
    targets are judged against both baselines; "[replica]" rows are judged on their own."""

    def verdict(value, ok):
        return "n/a" if value is None else ("met" if ok(value) else "NOT met")

    report = []
    api_list = find_row(rows, "API v2 list")
    small = previous_result(1000)
    growth = None
    cpu_growth = None
    if api_list and small and articles != 1000:
        small_list = find_row(small["scenarios"], "API v2 list")
        if small_list:
            growth = round(api_list["load"]["p50_ms"] / small_list["load"]["p50_ms"], 2)
            if api_list.get("cpu_ms_per_request") and small_list.get("cpu_ms_per_request"):
                cpu = api_list["cpu_ms_per_request"] / small_list["cpu_ms_per_request"]
                cpu_growth = round(cpu, 2)
    target = TARGETS["api_list_p50_growth_max"]
    report.append(
        {
            "target": f"API list p50 at {articles:,} stories / at 1,000 ≤ {target} "
            "(the target is at 100,000)",
            "value": growth,
            "verdict": verdict(growth, lambda v: v <= target)
            + (f" (CPU per request: {cpu_growth}×)" if cpu_growth else ""),
        }
    )
    names = [
        ("API v2 list", "api_list_ratio_min"),
        ("API v2 detail", "api_detail_ratio_min"),
        ("API v3 detail", "api_detail_ratio_min"),
        ("story page", "story_page_ratio_min"),
        ("story page (cached)", "cached_story_ratio_min"),
    ]
    for suffix in ("", " [replica]"):
        for name, key in names:
            row, target = find_row(rows, name + suffix), TARGETS[key]
            if row is None and suffix:
                continue
            parts = [
                f"{verdict(row.get(ratio), lambda v, t=target: v >= t)} against {baseline}"
                for ratio, baseline in (("ratio", "/healthz"), ("ratio_trivial", "trivial"))
                if row and ratio in row
            ]
            hits = (row or {}).get("load", {}).get("cache_hits")
            report.append(
                {
                    "target": f"{name + suffix} ≥ {target}× baseline",
                    "value": ratios(row),
                    "verdict": ", ".join(parts) or "n/a",
                    **({"cache_hits": hits} if hits else {}),
                }
            )
    peak = max((w["peak_mb"] for w in workers), default=None)
    target = TARGETS["worker_peak_mb_max"]
    report.append(
        {
            "target": f"worker peak memory < {target} MB",
            "value": peak,
            "verdict": verdict(peak, lambda v: v < target),
        }
    )
    return report
