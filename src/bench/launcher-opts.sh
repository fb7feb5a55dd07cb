#!/usr/bin/env bash
# Which JVM options suit the big inputs bin/gradpath gives its own collector (a file over 16 KiB): the
# 100,000-layer chain and the 1,000-layer chain of src/bench/scale.sh (run that first: it writes them), each
# command under several collector and compiler choices, with the class-data archive as bin/gradpath starts it.
# Prints the best and median wall time, the CPU time (user + sys) and the peak resident memory of that best run.
# Usage: src/bench/launcher-opts.sh [RUNS]    (after: mvn -q package -DskipTests && src/bench/scale.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/cds-guard.sh && cds_guard target/gradpath.jar # the jar it times, whatever GRADPATH_JAR says
runs=${1:-3}
jar=$PWD/target/gradpath.jar
big=target/bench/chain-100000.nn
small=target/bench/chain-1000.nn
[ -f "$jar" ] && [ -f "$big" ] && [ -f "$small" ] || { echo "first: mvn -q package -DskipTests && src/bench/scale.sh" >&2; exit 2; }
base=(-XX:SharedArchiveFile="${jar%.jar}.jsa" -Xshare:auto -XX:-UsePerfData)
cfgs=("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
      "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn256m"
      "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC"
      "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC -Xmn256m"
      "-XX:+UseParallelGC -Xmn256m"
      "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC -XX:-UseAdaptiveSizePolicy -Xmn128m"
      "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC -XX:-UseAdaptiveSizePolicy -Xmn128m -Xms512m -XX:MaxTenuringThreshold=0"
      "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseParallelGC -XX:-UseAdaptiveSizePolicy -Xmn128m -Xms512m -XX:MaxTenuringThreshold=0")
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "$(java -version 2>&1 | head -1); load average $(cut -d' ' -f1 /proc/loadavg); $runs runs each"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cmd in "paths --count --wrt w_y $big" "derive --form adjoint $big" "derive $small"; do
  echo "## $cmd"
  for c in "${cfgs[@]}"; do
    for r in $(seq "$runs"); do
      # shellcheck disable=SC2086  # $c and $cmd are lists of words
      /usr/bin/time -f '%e %U %S %M' -o "$tmp/t.$r" java "${base[@]}" $c -jar "$jar" $cmd > /dev/null 2> "$tmp/err"
    done
    cat "$tmp"/t.* | sort -n | awk -v c="$c" '{ w[NR] = $1; if (NR == 1) { cpu = $2 + $3; mb = $4 / 1024 } }
      END { printf "  best %5.2f s  median %5.2f s  CPU %5.2f s  %4d MB peak   %s\n", w[1], w[int((NR + 1) / 2)], cpu, mb, c }'
    rm -f "$tmp"/t.*
  done
done
