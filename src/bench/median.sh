#!/usr/bin/env bash
# Median, best and worst wall time (and the median run's peak resident memory) of N whole-process runs of one
# command, run one after the other: the figure the goals are stated in, where scale.sh gives the best of N.
# Usage: src/bench/median.sh N COMMAND...    e.g. src/bench/median.sh 15 bin/gradpath paths --count --wrt w_y target/bench/chain-100000.nn
set -euo pipefail
cd "$(dirname "$0")/../.."
n=$1; shift
. src/bench/cds-guard.sh && cds_guard "${GRADPATH_JAR:-target/gradpath.jar}"
t=$(mktemp)
trap 'rm -f "$t" "$t.1"' EXIT
for _ in $(seq "$n"); do /usr/bin/time -f '%e %M' -o "$t.1" "$@" > /dev/null 2>&1; cat "$t.1" >> "$t"; done
sort -n "$t" | awk '{ a[NR] = $1; m[NR] = $2 } END {
  printf "median %.2f s  best %.2f s  worst %.2f s  (%d runs)  %d MB peak (median run)\n", a[int((NR + 1) / 2)], a[1], a[NR], NR, m[int((NR + 1) / 2)] / 1024 }'
