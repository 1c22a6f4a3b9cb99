"""The load run's figures: a table for people, a dict (JSON) for `bench/results/`."""

from __future__ import annotations

from dataclasses import asdict

from backend_stub.loadgen.drive import LoadPlan, Tally
from backend_stub.loadgen.verify import Verdict


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def figures(plan: LoadPlan, tally: Tally, verdict: Verdict) -> dict:
    elapsed = max(tally.finished - tally.started, 1e-9)
    latency = {
        kind: {
            "count": len(values),
            "p50_ms": round(percentile(values, 50) * 1000, 2),
            "p99_ms": round(percentile(values, 99) * 1000, 2),
            "max_ms": round(max(values) * 1000, 2),
        }
        for kind, values in sorted(tally.latencies.items())
    }
    return {
        "plan": asdict(plan),
        "seconds": round(elapsed, 3),
        "purchases": len(tally.answers),
        "purchases_per_s": round(len(tally.answers) / elapsed, 1),
        "offered_per_s": plan.rate,
        "lookups_per_s": round(latency.get("lookup", {}).get("count", 0) / elapsed, 1),
        "latency": latency,
        "statuses": dict(sorted(tally.statuses.items())),
        "retries": tally.retries,
        "replays": tally.replays,
        "replay_mismatches": tally.replay_mismatches,
        "failures": tally.failures,
        "verdict": verdict.as_dict(),
    }


def table(result: dict) -> str:
    plan = result["plan"]
    offered = f"{plan['rate']:,.0f}/s offered" if plan["rate"] else "as fast as taken"
    rows = [
        ("tills", f"{plan['tills']:,}", f"batch {plan['batch']}, {offered}"),
        ("purchases", f"{result['purchases']:,}", f"in {result['seconds']:.1f} s"),
        ("throughput", f"{result['purchases_per_s']:,.1f}", "purchases/s"),
        ("lookups", f"{result['lookups_per_s']:,.1f}", "lookups/s"),
    ]
    for kind, figures_ in result["latency"].items():
        rows.append(
            (
                f"{kind} latency",
                f"p50 {figures_['p50_ms']:,.1f} ms",
                f"p99 {figures_['p99_ms']:,.1f} ms (n={figures_['count']:,})",
            )
        )
    verdict = result["verdict"]
    rows += [
        ("retries", f"{result['retries']:,}", "dropped connections and 5xx, resent"),
        ("replays", f"{result['replays']:,}", f"{result['replay_mismatches']} differed"),
        ("failures", f"{len(result['failures'])}", "; ".join(result["failures"][:3])),
        (
            "exactly once",
            "yes" if verdict["exactly_once"] else "NO",
            f"{verdict['recorded']:,}/{verdict['answered']:,} recorded once, ledger "
            f"{verdict['ledger_booked_ore']:,}/{verdict['ledger_told_ore']:,} øre",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    return "\n".join(f"{a.ljust(width)}  {b.rjust(value_width)}  {c}" for a, b, c in rows)
