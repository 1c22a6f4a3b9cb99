"""What every benchmark returns and how the results are shown and kept.

A benchmark module `bench/bench_<name>.py` defines `run(quick: bool) -> list[Result]`.
Each `Result` names what was measured and, beside it, the limit it is compared
with in the same run (wire time, a raw SQLite insert, a bare endpoint): the
ratio is what tells whether our code is the cost or the physics is.
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Result:
    name: str
    value: float
    unit: str
    limit: float | None = None
    limit_name: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.limit in (None, 0):
            return None
        return self.value / self.limit


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def render_table(module: str, results: list[Result]) -> str:
    rows = [("measure", "value", "unit", "limit", "vs", "ratio")]
    for r in results:
        rows.append(
            (
                r.name,
                f"{r.value:,.3f}",
                r.unit,
                "" if r.limit is None else f"{r.limit:,.3f}",
                r.limit_name,
                "" if r.ratio is None else f"{r.ratio:.2f}x",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"== {module}"]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(module: str, results: list[Result], seconds: float) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{module}.json"
    payload = {
        "module": module,
        "seconds": round(seconds, 3),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "results": [{**asdict(r), "ratio": r.ratio} for r in results],
    }
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return path
