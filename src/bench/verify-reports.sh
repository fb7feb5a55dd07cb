#!/usr/bin/env bash
# Writes every verify report a change to verify/ must leave byte for byte as it was, one file per command (its
# output, then "exit N"), so two builds compare with `diff -r` (or cmp file by file):
#   src/bench/verify-reports.sh OLD.jar /tmp/before; src/bench/verify-reports.sh target/gradpath.jar /tmp/after
#   diff -r /tmp/before /tmp/after && echo identical
# Every sample but backward-skip-symbolic (minutes; VerifyCommandTest runs it) in each form, --expand (both
# layouts), --random-widths; five samples at three more seeds, --random-widths --expand, --dim 1 and 2,
# --tol 1e-300 (undecided rows), --expand --layout numerator --dim 3; the 300-layer chain of verify-bench.sh
# (run that first) at --dim 4 and 1 in each form and expanded at --dim 2; issue 13's 61-layer chains sharing one
# weight at width 1 (seeds 1-3, and --tol 1e-12). 150 reports; about 2 minutes on an idle core.
set -uo pipefail
jar=$1; out=$2
cd "$(dirname "$0")/../.."
mkdir -p "$out"
run() { local name=$1; shift; java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" verify "$@" > "$out/$name.txt" 2>&1; echo "exit $?" >> "$out/$name.txt"; }
for s in samples/*.nn; do
  b=$(basename "$s" .nn)
  [ "$b" = backward-skip-symbolic ] && continue
  for f in factored paths adjoint; do run "$b.$f" --form $f "$s"; done
  run "$b.expand" --expand "$s"
  run "$b.rw" --random-widths --seed 3 "$s"
done
for s in samples/resblock.nn samples/highway.nn samples/unet.nn samples/lstm-two-steps.nn samples/chapter-skip-6.nn; do
  b=$(basename "$s" .nn)
  for seed in 2 7 11; do run "$b.seed$seed" --seed $seed "$s"; run "$b.rwexp$seed" --random-widths --expand --seed $seed "$s"; done
  run "$b.dim2" --dim 2 "$s"; run "$b.dim1" --dim 1 "$s"; run "$b.tiny" --tol 1e-300 "$s"
  run "$b.expnum" --expand --layout numerator --dim 3 "$s"
done
chain=target/bench/verify-300.nn
if [ -f "$chain" ]; then
  for f in factored paths adjoint; do run "chain300.$f" --dim 4 --form $f "$chain"; run "chain300.dim1.$f" --dim 1 --form $f "$chain"; done
  run chain300.expand --dim 2 --expand "$chain"
fi
mkdir -p target/bench
for split in 0 1; do
  t=target/bench/shared$split.nn
  { echo "network S {"; echo "  input x;"; echo "  h_0 = a(e x);"
    for i in $(seq 0 59); do
      if [ $split = 1 ]; then echo "  z_$((i + 1)) = e h_$i;"; echo "  h_$((i + 1)) = a(z_$((i + 1)));"
      else echo "  h_$((i + 1)) = a(e h_$i);"; fi
    done
    echo "  loss L(h_60);"; echo "}"; } > "$t"
  for seed in 1 2 3; do run "shared$split.s$seed" --dim 1 --seed $seed "$t"; done
  run "shared$split.tiny" --dim 1 --tol 1e-12 "$t"
done
echo "verify-reports.sh: $(ls "$out" | wc -l) reports in $out"
