#!/usr/bin/env bash
# verify on a 300-layer chain with one skip (h_50 -> s_100) at --dim 4, one form per run, whole-process
# (JVM start included) through bin/gradpath and java -jar; best wall time of RUNS with its CPU time (user + sys)
# and peak memory, and the median wall and CPU time of the RUNS. VERIFY_BENCH_JAVA_JAR=0 skips the java -jar runs.
# Usage: src/bench/verify-bench.sh [LAYERS] [RUNS]    (after: mvn -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/cds-guard.sh && cds_guard "${GRADPATH_JAR:-target/gradpath.jar}"
n=${1:-300}
runs=${2:-3}
jar=${GRADPATH_JAR:-target/gradpath.jar}
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
mkdir -p target/bench
net=target/bench/verify-$n.nn
p=$(( n / 6 )); q=$(( 2 * p ))
{
  echo "network Chain$n {"; echo "  input x;"; echo "  h_1 = a_0(w_0 x);"
  echo "  h_{n+1} = a_n(w_n h_n) for n in 1..$(( n - 1 )), n != $q;"
  echo "  s_$q = h_$p + h_$q;"; echo "  h_$(( q + 1 )) = a_$q(w_$q s_$q);"
  echo "  y = a_$n(w_$n h_$n);"; echo "  loss L(y);"; echo "}"
} > "$net"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "load average $(cut -d' ' -f1 /proc/loadavg); $net, --dim 4, $runs runs"
best() {
  local line all=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -o target/bench/time.tmp -f '%e %U %S %M' "$@" > target/bench/out.tmp 2>&1 || true
    line="$(tail -1 target/bench/time.tmp) $(tail -1 target/bench/out.tmp | cut -c1-60)"
    all+="$line"$'\n'
  done
  rm -f target/bench/time.tmp target/bench/out.tmp
  # best wall time (with its CPU and peak), then the medians of wall and CPU over all runs
  local mc
  mc=$(awk 'NF { print $2 + $3 }' <<< "$all" | sort -g | awk '{ c[NR] = $1 } END { print (NR % 2) ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2 }')
  sort -g -k1,1 <<< "${all%$'\n'}" | awk -v mc="$mc" '
    { w[NR] = $1; if (NR == 1) { bw = $1; bc = $2 + $3; bm = $4; msg = ""; for (i = 5; i <= NF; i++) msg = msg $i " " } }
    END {
      m = (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
      printf "best %5.2f s wall %5.2f s CPU %4d MB; median %5.2f s wall %5.2f s CPU  %s", bw, bc, bm / 1024, m, mc, msg }'
}
# bin/gradpath needs the jar's absolute path for its class-data-sharing archive to match (see src/build/cds.sh).
abs=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
for form in factored paths adjoint; do
  echo "verify --form $form (bin/gradpath): $(GRADPATH_JAR=$abs best bin/gradpath verify --dim 4 --form "$form" "$net")"
  [ "${VERIFY_BENCH_JAVA_JAR:-1}" = 0 ] ||
    echo "verify --form $form (java -jar)    : $(best java -jar $jar verify --dim 4 --form "$form" "$net")"
done
echo "# load average at end $(cut -d' ' -f1 /proc/loadavg)"
