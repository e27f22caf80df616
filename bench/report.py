"""The benchmark's results for a reader: the Markdown table, and today's numbers against the
targets of issue #6 (informative only, nothing fails on them), beside earlier saved results.
"""

import json

from bench.scratch_site import REPO

RESULTS = REPO / "bench" / "results"

# What issue #6 asks for; reported against today's numbers, never asserted.
TARGETS = {
    "api_list_p50_growth_max": 1.3,  # p50 at 100,000 stories / p50 at 1,000
    "api_list_ratio_min": 0.10,
    "api_detail_ratio_min": 0.3,
    "cached_story_ratio_min": 0.7,
    "worker_peak_mb_max": 200,
}


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def span(low, high):
    return str(low) if low == high else f"{low}–{high}"


def table(rows, workers):
    lines = [
        "| Scenario | Queries | n | p50 ms | p95 ms | req/s | × baseline | CPU ms/req | × by CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
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
            lines.append(f"| {row['name']} | {shown} | FAILED: {status} | | | | | | |")
            continue
        load = row["load"]
        lines.append(
            f"| {row['name']} | {shown} | {load['requests']:,} | {fmt(load['p50_ms'])} | "
            f"{fmt(load['p95_ms'])} | "
            f"{fmt(load['rps'])} | {fmt(row.get('ratio'), 3)} | "
            f"{fmt(row.get('cpu_ms_per_request'), 2)} | {fmt(row.get('cpu_ratio'), 3)} |"
        )
    peaks = ", ".join(f"{w['peak_mb']} MB" for w in workers)
    lines.append("")
    lines.append(f"Worker peak memory (VmHWM): {peaks}")
    return "\n".join(lines)


def find_row(rows, name):
    return next((row for row in rows if row["name"] == name and row["load"].get("ok")), None)


def previous_result(articles):
    """The latest saved result at `articles` stories, if any."""
    files = sorted(RESULTS.glob(f"*-{articles}.json"))
    return json.loads(files[-1].read_text()) if files else None


def assess(rows, workers, articles):
    """Today's values against issue #6's targets (informative: nothing fails on them)."""

    def ratio(name):
        row = find_row(rows, name)
        return row["ratio"] if row else None

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
    for name, key in [
        ("API v2 list", "api_list_ratio_min"),
        ("API v2 detail", "api_detail_ratio_min"),
        ("API v3 detail", "api_detail_ratio_min"),
    ]:
        value, target = ratio(name), TARGETS[key]
        report.append(
            {
                "target": f"{name} (uncached) ≥ {target}× baseline",
                "value": value,
                "verdict": verdict(value, lambda v, t=target: v >= t),
            }
        )
    cached = next((row for row in rows if row["cached"] and "story" in row["name"]), None)
    value = cached["ratio"] if cached and cached["load"].get("ok") else None
    target = TARGETS["cached_story_ratio_min"]
    report.append(
        {
            "target": f"cached story page ≥ {target}× baseline",
            "value": value,
            "verdict": verdict(value, lambda v: v >= target)
            + ("" if cached else f" (no cache yet; uncached: {ratio('story page')}×)"),
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
