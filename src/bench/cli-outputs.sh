#!/usr/bin/env bash
# Records what the CLI prints for a fixed list of command lines: standard output, standard error and the exit code
# of each, one file per command line, under OUTDIR. Run it with two builds and compare with `cmp`/`diff -r`: a
# refactor of the CLI that must not change behaviour (help texts, usage errors, every sample's derive/check/verify/
# paths/graph output) is proved identical that way.
# Usage: src/bench/cli-outputs.sh JAR OUTDIR      (run from anywhere; paths in the outputs are repository-relative)
set -uo pipefail
jar=$(realpath "$1"); outdir=$(realpath -m "$2")
cd "$(dirname "$0")/../.."
mkdir -p "$outdir"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
n=0
run() {
  n=$((n + 1))
  local f; f=$(printf '%s/%03d' "$outdir" "$n")
  printf '%s\n' "$*" > "$f.cmd"
  timeout 120 java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" "$@" < /dev/null > "$f.out" 2> "$f.err"
  echo "exit $?" >> "$f.cmd"
}
# Help and version of every command, the top level's usage, and usage errors.
run; run --help; run -h; run --version; run -V; run help; run help derive; run nope; run deriv samples/resblock.nn
for c in derive paths graph check verify batch; do run "$c" --help; run "$c" -h; run "$c" --version; run "$c"; run "$c" --bogus; done
run derive --form nope samples/resblock.nn; run derive --max-terms x samples/resblock.nn; run derive --max-terms 0 samples/resblock.nn
run derive --layout denominator samples/resblock.nn; run derive --wrt w_9 samples/resblock.nn; run derive --forward --wrt w_0 samples/resblock.nn
run derive --lang xx samples/resblock.nn; run derive --templates /nonexistent samples/resblock.nn; run derive --bold nope samples/resblock.nn
run derive --style nope samples/resblock.nn; run derive --label 'a b' samples/resblock.nn; run derive -o "$work/x.md" -d "$work" samples/resblock.nn
run derive samples/resblock.nn samples/highway.nn; run derive --format nope samples/resblock.nn; run derive samples/no-such-file.nn
run derive --output; run derive --form; run derive --wrt
run paths --stats --count samples/resblock.nn; run paths -o x samples/resblock.nn; run paths a b
run graph --format nope samples/resblock.nn; run graph --format pdf samples/resblock.nn
run check --partials nope samples/docs/residual.rst; run check nope.rst; run check --strict
run verify --dim 0 samples/resblock.nn; run verify --dim x samples/resblock.nn; run verify --tol -1 samples/resblock.nn
run verify --form nope samples/resblock.nn; run verify --layout numerator samples/resblock.nn; run verify --seed x samples/resblock.nn
# Every sample: derive in every form (plain, --expand in both layouts, --forward, chapter style, other formats),
# paths, graph, verify.
for nn in samples/*.nn; do
  for form in factored paths adjoint; do run derive --form "$form" "$nn"; done
  run derive --expand "$nn"; run derive --expand --layout denominator "$nn"; run derive --forward "$nn"
  run derive --style chapter --format myst "$nn"; run derive --format latex --bold mathbf --product cdot "$nn"
  run derive --format gfm --lang zh --identity last "$nn"; run derive --wrt w_0,w_1 --label L "$nn"
  run paths "$nn"; run paths --count "$nn"; run paths --stats "$nn"; run graph "$nn"; run graph --highlight w_0 "$nn"
  run verify --dim 3 "$nn"; run verify --dim 2 --expand --random-widths --seed 7 "$nn"
done
for doc in samples/docs/*.rst samples/docs/zh/*.rst; do run check "$doc"; run check -v --strict "$doc"; done
run check --network samples/chapter-skip.nn --order input-first --scalar --alias 'x:x' samples/docs/residual.rst
run generate-completion; run help paths; run help nope; run derive --form a --form b samples/resblock.nn
run check --label a --label b samples/docs/residual.rst; run derive --max-terms=5 --form=paths samples/chapter-skip-6.nn
run paths --wrt; run derive -d; run derive -hV; run verify --dim=3 --tol=1e-3 --seed=2 --form=adjoint samples/resblock.nn
run check --network samples/resblock.nn --network samples/highway.nn samples/docs/residual.rst
printf '{"id":1,"op":"version"}\n{"id":2,"op":"derive","file":"samples/resblock.nn","options":{"form":"paths"}}\n{"op":"nope"}\n' \
  > "$work/batch.in"
n=$((n + 1)); f=$(printf '%s/%03d' "$outdir" "$n"); echo "batch < requests" > "$f.cmd"
java -jar "$jar" batch < "$work/batch.in" > "$f.out" 2> "$f.err"; echo "exit $?" >> "$f.cmd"
echo "cli-outputs.sh: $n command lines recorded in $outdir"
