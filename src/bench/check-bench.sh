#!/usr/bin/env bash
# Bench for `gradpath check`: documents of 200+ gradient rows, timed end to end (JVM start included).
# Usage: [RUNS=N] src/bench/check-bench.sh   (after `mvn -q package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/cds-guard.sh && cds_guard "${GRADPATH_JAR:-target/gradpath.jar}"
JAR=target/gradpath.jar
[ -f "$JAR" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. A 200-layer network with a skip every 10 layers: factored form has 200 rows of up to 200 factors each.
{
  echo "network Deep200 {"
  echo "  input x;"
  echo "  h_1 = a_0(w_0 x);"
  for n in $(seq 1 199); do
    if (( n % 10 == 0 && n > 10 )); then
      echo "  s_$n = h_$((n-9)) + h_$n;"
      echo "  h_$((n+1)) = a_$n(w_$n s_$n);"
    else
      echo "  h_$((n+1)) = a_$n(w_$n h_$n);"
    fi
  done
  echo "  y = a_200(w_200 h_200);"
  echo "  loss L(y);"
  echo "}"
} > "$work/deep.nn"

# 2. The chapter's skip network, symbolic, and a document of 200 rows in the chapter's own style
#    (\cdots inside products, checked at two witnesses).
cat > "$work/skip.nn" <<'NN'
network ForwardSkip {
  index N, p, q : 1 <= p < q < N;
  input x;
  h_1     = a_0(w_0 x);
  h_{n+1} = a_n(w_n h_n) for n in 1..N-1, n != q;
  s_q     = h_p + h_q;
  h_{q+1} = a_q(w_q s_q);
  y       = a_N(w_N h_N);
  loss L(y);
}
NN
row_q='\frac{\partial L}{\partial {\bm w}_q} &= \frac{\partial L}{\partial {\bm y}}\times \frac{\partial {\bm y}}{\partial {\bm h}_N}\times \frac{\partial {\bm h}_N}{\partial {\bm h}_{N-1}}\times \cdots \times \frac{\partial {\bm h}_{q+1}}{\partial {\bm w}_q}\\'
row_p1='\frac{\partial L}{\partial {\bm w}_{p-1}} &= \frac{\partial L}{\partial {\bm y}}\times \frac{\partial {\bm y}}{\partial {\bm h}_N}\times \frac{\partial {\bm h}_N}{\partial {\bm h}_{N-1}}\times \cdots \times \frac{\partial {\bm h}_{q+1}}{\partial {\bm s}_{q}}\times \frac{\partial {\bm s}_{q}}{\partial {\bm h}_p} \times \frac{\partial {\bm h}_{p}}{\partial {\bm w}_{p-1}}\\'
row_0='\frac{\partial L}{\partial {\bm w}_0} &= \frac{\partial L}{\partial {\bm y}}\times \frac{\partial {\bm y}}{\partial {\bm h}_N}\times \frac{\partial {\bm h}_N}{\partial {\bm h}_{N-1}}\times \cdots \times \frac{\partial {\bm h}_{q+1}}{\partial {\bm s}_{q}}\times \frac{\partial {\bm s}_{q}}{\partial {\bm h}_1} \times \frac{\partial {\bm h}_1}{\partial {\bm w}_0}\\'
{
  echo "Bench"; echo; echo ".. math::"; echo '   \begin{aligned}'
  for i in $(seq 1 67); do printf '   %s\n   %s\n   %s\n' "$row_q" "$row_p1" "$row_0"; done
  echo '   \end{aligned}'
} > "$work/symbolic.rst"

java -jar "$JAR" derive "$work/deep.nn" > "$work/deep-factored.rst"
java -jar "$JAR" derive --form adjoint "$work/deep.nn" > "$work/deep-adjoint.rst"

# Wall time depends on the machine's load; CPU time (user + sys, all JVM threads, JIT included) less so.
# RUNS=N (default 1) runs each check N times and prints the best and the median of each.
runs=${RUNS:-1}
run() {
  local doc=$1 net=$2
  local start end out cpu walls=() cpus=() result
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    out=$( { /usr/bin/time -f 'CPU %U %S' ${LAUNCH:-java -jar "$JAR"} check "$doc" --network "$net" | tail -1; } 2>&1 )
    end=$(date +%s%N)
    walls+=($(( (end - start) / 1000000 )))
    cpus+=("$(echo "$out" | awk '/^CPU/ {printf "%d", ($2 + $3) * 1000}')")
    result=$(echo "$out" | grep checked)
  done
  if (( runs == 1 )); then
    printf '%-22s %-24s %6d ms wall %6d ms cpu\n' "$(basename "$doc")" "$result" "${walls[0]}" "${cpus[0]}"
  else
    best() { printf '%s\n' "$@" | sort -n | head -1; }
    median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
    printf '%-22s %-24s wall best %5d median %5d ms   cpu best %5d median %5d ms (%d runs)\n' "$(basename "$doc")" \
      "$result" "$(best "${walls[@]}")" "$(median "${walls[@]}")" "$(best "${cpus[@]}")" "$(median "${cpus[@]}")" "$runs"
  fi
}
echo "document               result                    (JVM start included; load: $(cut -d' ' -f1 /proc/loadavg))"
run "$work/deep-factored.rst" "$work/deep.nn"
run "$work/deep-adjoint.rst" "$work/deep.nn"
run "$work/symbolic.rst" "$work/skip.nn"
echo "the same through bin/gradpath (class-data archive, C1 only, G1; see bin/gradpath):"
LAUNCH=bin/gradpath run "$work/deep-factored.rst" "$work/deep.nn"
LAUNCH=bin/gradpath run "$work/deep-adjoint.rst" "$work/deep.nn"
LAUNCH=bin/gradpath run "$work/symbolic.rst" "$work/skip.nn"
echo
echo "in process (DocumentChecker.check, no JVM start):"
for pair in "deep-factored.rst deep.nn" "deep-adjoint.rst deep.nn" "symbolic.rst skip.nn"; do
  set -- $pair
  java -cp "$JAR" src/bench/CheckBench.java "$work/$1" "$work/$2"
done
