"""The one way benchmarks print their figures."""

from __future__ import annotations


def bench(name: str, value: float, unit: str, *, ratio: float | None = None, baseline: str | None = None) -> None:
    line = f"BENCH {name} {value:.4g} {unit}"
    if ratio is not None and baseline:
        line += f" ratio={ratio:.3g} vs {baseline}"
    print(line, flush=True)
