#!/usr/bin/env bash
# Reproduces every figure in docs/performance.md, in one run:
#
#   scripts/measure.sh            # everything (about 15 minutes on 2 cores)
#   scripts/measure.sh quick      # start-up, memory, idle and large loads only (about 2 minutes)
#
# Prints the machine, then each figure with its method. Needs /usr/bin/time (the Debian
# package `time`: `apt-get install -y time`). Writes generated libraries under $MEASURE_DIR
# (default /tmp/lockdiag-measure) and criterion's reports under target/criterion.
set -euo pipefail

cd "$(dirname "$0")/.."
MODE="${1:-all}"
DIR="${MEASURE_DIR:-/tmp/lockdiag-measure}"
RUNS="${STARTUP_RUNS:-21}"
mkdir -p "$DIR/data"

if [ ! -x /usr/bin/time ]; then
    echo "needs /usr/bin/time: apt-get install -y time" >&2
    exit 2
fi

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
echo "kernel: $(uname -r); $(rustc --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build (release)"
cargo build --release --bins --examples --quiet

echo "== generated libraries (examples/gen_library.rs)"
for n in 1000 10000 100000; do
    target/release/examples/gen_library --nodes "$n" --out "$DIR/lib$n"
done

echo "== start-up: process start to first frame, in a pseudo-terminal (examples/measure.rs)"
MEASURE_DATA_DIR="$DIR/data" target/release/examples/measure startup \
    target/release/lockdiag target/release/examples/minimal_frame "$RUNS"

echo "== ready: a key typed the moment the first frame shows, until the screen shows it handled"
MEASURE_DATA_DIR="$DIR/data" target/release/examples/measure ready target/release/lockdiag "$RUNS"

echo "== idle: CPU ticks with the app open and nobody typing"
MEASURE_DATA_DIR="$DIR/data" target/release/examples/measure idle target/release/lockdiag 10

yaml_bytes() { find "$1" -name '*.yaml' -printf '%s\n' | awk '{s += $1} END {print s}'; }

echo "== memory and time of large libraries (/usr/bin/time -v, peak resident set)"
for n in 10000 100000; do
    bytes=$(yaml_bytes "$DIR/lib$n")
    for cmd in check list; do
        out=$( { /usr/bin/time -v target/release/lockdiag --trees "$DIR/lib$n" "$cmd" >/dev/null; } 2>&1 )
        rss=$(echo "$out" | awk -F': ' '/Maximum resident set size/ {print $2}')
        wall=$(echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {print $2}')
        cpu=$(echo "$out" | awk -F': ' '/Percent of CPU/ {print $2}')
        awk -v n="$n" -v c="$cmd" -v b="$bytes" -v r="$rss" -v w="$wall" -v p="$cpu" 'BEGIN {
            printf "%6d nodes, %-5s: %.1f MB of YAML, peak RSS %.1f MB = %.2fx the YAML, wall %s, CPU %s\n",
                n, c, b / 1e6, r * 1024 / 1e6, r * 1024 / b, w, p }'
    done
done
echo "== memory of the app on the 100k library (examples/measure.rs, VmHWM)"
MEASURE_DATA_DIR="$DIR/data" target/release/examples/measure memory target/release/lockdiag "$DIR/lib100000"
out=$( { /usr/bin/time -v target/release/lockdiag list >/dev/null; } 2>&1 )
echo "shipped library, list: peak RSS $(echo "$out" | awk -F': ' '/Maximum resident/ {printf "%.1f MB", $2 * 1024 / 1e6}'), wall $(echo "$out" | awk -F': ' '/Elapsed/ {print $2}')"

if [ "$MODE" = quick ]; then
    exit 0
fi

echo "== criterion benches"
cargo bench --bench render
# One process per library, so each starts with a fresh heap (a heap that held the 100k
# library makes later allocations, and so timings, slower).
for group in shipped/ load/1000/ load/10000/ load/20000/ load/100000/ errors/unknown-target/ \
    errors/dead-end/ one-file/; do
    cargo bench --bench load -- "$group"
done
if grep -q 'name = "search"' Cargo.toml; then
    cargo bench --bench search
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v python3 >/dev/null; then
    echo "== criterion medians (target/criterion/*/new/estimates.json)"
    python3 scripts/medians.py frame_ shipped load_ errors_ one-file_
fi
