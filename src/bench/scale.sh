#!/usr/bin/env bash
# Scale benchmark: a 100,000-layer chain with 10,000 skips (s_k = h_{k-5} + h_k every 10th layer), and the
# 1,000-layer chain in the factored form (30 MB of output). Each command whole-process (JVM start included),
# java -jar with default JVM options and through bin/gradpath; best wall time of RUNS, the CPU time (user + sys)
# and the peak resident memory of that best run.
# Usage: src/bench/scale.sh [LAYERS] [SKIP_EVERY] [RUNS]    (after: mvn -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
layers=${1:-100000}
every=${2:-10}
runs=${3:-3}
jar=${GRADPATH_JAR:-target/gradpath.jar}
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
. src/bench/cds-guard.sh && cds_guard "${GRADPATH_JAR:-target/gradpath.jar}"
mkdir -p target/bench
chain() { # chain N -> target/bench/chain-N.nn
  awk -v N="$1" -v E="$every" 'BEGIN {
    print "network Chain {"; print "  input x;"; print "  h_1 = a(w_0 x);"
    for (n = 1; n < N; n++) {
      if (n % E == 0 && n > 5) { printf "  s_%d = h_%d + h_%d;\n", n, n-5, n; printf "  h_%d = a(w_%d s_%d);\n", n+1, n, n }
      else printf "  h_%d = a(w_%d h_%d);\n", n+1, n, n
    }
    printf "  y = a(w_y h_%d);\n", N; print "  loss L(y);"; print "}"
  }' > "target/bench/chain-$1.nn"
}
chain "$layers"
chain 1000
net=target/bench/chain-$layers.nn
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "$(java -version 2>&1 | head -1); load average $(cut -d' ' -f1 /proc/loadavg)"
echo "# network: $net ($(wc -l < "$net") lines, $(grep -c ' + ' "$net") skips); best of $runs"
best() { # best wall-clock run of "$@" (output to a file, then discarded): wall, CPU and peak RSS
  local b="" line
  for _ in $(seq "$runs"); do
    /usr/bin/time -o target/bench/time.tmp -f '%e %U %S %M' "$@" > target/bench/out.tmp 2> target/bench/err.tmp
    line=$(tail -1 target/bench/time.tmp)
    if [ -z "$b" ] || awk -v a="${line%% *}" -v c="${b%% *}" 'BEGIN { exit !(a < c) }'; then b=$line; fi
  done
  rm -f target/bench/out.tmp target/bench/err.tmp target/bench/time.tmp
  awk '{ printf "%6.2f s wall %6.2f s CPU %6d MB peak", $1, $2 + $3, $4 / 1024 }' <<< "$b"
}
echo "parse + graph (paths --count --wrt w_y)  : $(best java -jar "$jar" paths --count --wrt w_y "$net")"
echo "paths --count (all weights)              : $(best java -jar "$jar" paths --count "$net")"
echo "derive --form adjoint                    : $(best java -jar "$jar" derive --form adjoint "$net")"
echo "derive (factored), 1,000 layers          : $(best java -jar "$jar" derive target/bench/chain-1000.nn)"
# The same through the launcher (class-data archive, C1 only; the parallel collector with a fixed young generation for these big files, see bin/gradpath); an absolute jar path, so the archive
# beside it matches.
abs="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
echo "bin/gradpath: parse + graph              : $(best env GRADPATH_JAR="$abs" bin/gradpath paths --count --wrt w_y "$net")"
echo "bin/gradpath: paths --count              : $(best env GRADPATH_JAR="$abs" bin/gradpath paths --count "$net")"
echo "bin/gradpath: derive --form adjoint      : $(best env GRADPATH_JAR="$abs" bin/gradpath derive --form adjoint "$net")"
echo "derive (factored), 1,000 layers, bin/gradpath: $(best env GRADPATH_JAR="$abs" bin/gradpath derive target/bench/chain-1000.nn)"
echo "digits in the path count of w_0          : $(java -jar "$jar" paths --count --wrt w_0 "$net" | awk '{print length($2)}')"
# Where the front end's time and memory go, per stage, in one JVM with bin/gradpath's options (allocated
# bytes do not depend on the load; see src/bench/StageAlloc.java).
echo "front end per stage (src/bench/StageAlloc.java), $net:"
java -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseParallelGC -XX:-UseAdaptiveSizePolicy -Xmn128m -Xms512m -XX:MaxTenuringThreshold=0 \
  -cp "$jar" src/bench/StageAlloc.java "$net" | sed 's/^/  /'
echo "# load average at end $(cut -d' ' -f1 /proc/loadavg)"
