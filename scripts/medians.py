#!/usr/bin/env python3
"""Prints the median of every criterion benchmark under target/criterion (run by measure.sh).

Usage: scripts/medians.py [PREFIX...]   (e.g. `load_` `frame_`; all benchmarks by default)
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"


def human(ns: float) -> str:
    for unit, size in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= size:
            return f"{ns / size:.3g} {unit}"
    return f"{ns:.3g} ns"


def main() -> None:
    prefixes = sys.argv[1:]
    for est in sorted(ROOT.glob("**/new/estimates.json")):
        bench = est.parent.parent.relative_to(ROOT).as_posix()
        if prefixes and not any(bench.startswith(p) for p in prefixes):
            continue
        median = json.loads(est.read_text())["median"]["point_estimate"]
        line = f"{bench:48} median {human(median):>10}"
        info = est.parent / "benchmark.json"
        if info.exists():
            tp = json.loads(info.read_text()).get("throughput") or {}
            if "Bytes" in tp:
                line += f"   {tp['Bytes'] / (median / 1e9) / 1e6:7.2f} MB/s"
        print(line)


if __name__ == "__main__":
    main()
