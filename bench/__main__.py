"""Run every benchmark module in bench/ (or the ones named on the command line)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(selected: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if any(s in n for s in selected)]
    failures = 0
    for name in names:
        started = time.perf_counter()
        try:
            importlib.import_module(f"bench.{name}").run()
        except Exception as exc:  # one failing benchmark must not hide the others
            failures += 1
            print(f"# {name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"# {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
