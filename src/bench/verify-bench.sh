#!/usr/bin/env bash
# verify on a 300-layer chain with one skip (h_50 -> s_100) at --dim 4, one form per run, whole-process
# (JVM start included) through bin/gradpath and java -jar; best wall time of RUNS, CPU time (user + sys) of it.
# Usage: src/bench/verify-bench.sh [LAYERS] [RUNS]    (after: mvn -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
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
  "load average $(cut -d' ' -f1 /proc/loadavg); $net, --dim 4, best of $runs"
best() {
  local b="" line
  for _ in $(seq "$runs"); do
    /usr/bin/time -o target/bench/time.tmp -f '%e %U %S %M' "$@" > target/bench/out.tmp 2>&1 || true
    line="$(tail -1 target/bench/time.tmp) $(tail -1 target/bench/out.tmp | cut -c1-60)"
    if [ -z "$b" ] || awk -v a="${line%% *}" -v c="${b%% *}" 'BEGIN { exit !(a < c) }'; then b=$line; fi
  done
  rm -f target/bench/time.tmp target/bench/out.tmp
  awk '{ printf "%6.2f s wall %6.2f s CPU %5d MB peak  ", $1, $2 + $3, $4 / 1024; for (i = 5; i <= NF; i++) printf "%s ", $i }' <<< "$b"
}
# bin/gradpath needs the jar's absolute path for its class-data-sharing archive to match (see src/build/cds.sh).
abs=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
for form in factored paths adjoint; do
  echo "verify --form $form (bin/gradpath): $(GRADPATH_JAR=$abs best bin/gradpath verify --dim 4 --form "$form" "$net")"
  echo "verify --form $form (java -jar)    : $(best java -jar $jar verify --dim 4 --form "$form" "$net")"
done
