#!/usr/bin/env bash
# One JVM per build against one per directive: a generated book of 50 `.. gradpath::` directives (5 chapters of
# 10, the residual block in every form and a few --wrt choices) built from scratch with the extension's batch mode
# (gradpath_batch = True, the default: one `java -jar gradpath.jar batch`) and with gradpath_batch = False (a JVM
# per request, as an extension calling `java -jar gradpath.jar derive` per directive would), plus the same book
# with the equations pasted in as plain `.. math::` (Sphinx alone). Runs interleaved, whole sphinx-build process.
# Usage: src/bench/sphinx-bench.sh [RUNS] (default 5). Needs target/gradpath.jar and Debian's Sphinx.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
jar=$PWD/target/gradpath.jar
[ -s "$jar" ] || mvn -B -ntp -q package -DskipTests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$jar" "$tmp/gradpath.jar"   # a rebuild during the runs must not change the jar under them
jar=$tmp/gradpath.jar

/usr/bin/python3 -m venv --system-site-packages "$tmp/venv"
"$tmp/venv/bin/pip" install -q --no-build-isolation --no-index ./src/sphinx
py=$tmp/venv/bin/python

for kind in ext plain; do
  book=$tmp/$kind
  mkdir -p "$book"
  cp samples/resblock.nn "$book/"
  cat >"$book/conf.py" <<CONF
extensions = ["sphinx.ext.mathjax"$( [ $kind = ext ] && echo ', "sphinx_gradpath"')]
project = "bench"
mathjax3_config = {"tex": {"macros": {"bm": [r"\\\\boldsymbol{#1}", 1]}}}
CONF
  printf 'Bench\n=====\n\n.. toctree::\n\n' >"$book/index.rst"
  n=0
  combos=("factored " "factored w_0" "factored w_1" "factored w_2" "paths " "paths w_0" "paths w_1"
          "adjoint " "adjoint w_0" "adjoint w_1")
  for c in 1 2 3 4 5; do
    printf '   ch%s\n' "$c" >>"$book/index.rst"
    printf 'Chapter %s\n==========\n\n' "$c" >"$book/ch$c.rst"
    for combo in "${combos[@]}"; do
      read -r form wrt <<<"$combo"
      n=$((n + 1))
      if [ $kind = ext ]; then
        printf '.. gradpath:: resblock.nn\n   :form: %s\n   :label: eq-%s\n' "$form" "$n" >>"$book/ch$c.rst"
        [ -n "$wrt" ] && printf '   :wrt: %s\n' "$wrt" >>"$book/ch$c.rst"
      else
        opts=(--form "$form" --label "eq-$n")
        [ -n "$wrt" ] && opts+=(--wrt "$wrt")
        java -jar "$jar" derive "$book/resblock.nn" "${opts[@]}" >>"$book/ch$c.rst"
      fi
      printf '\n' >>"$book/ch$c.rst"
    done
  done
done
directives=$(cat "$tmp"/ext/ch*.rst | grep -c '^.. gradpath::')
echo "book: $directives directives in 5 chapters"

time_build() { # time_build BOOK [options...]: seconds of one fresh sphinx-build
  local book=$1; shift
  rm -rf "$tmp/out"
  local t0 t1
  t0=$(date +%s.%N)
  GRADPATH_JAR=$jar "$py" -m sphinx -q -E -b html "$@" "$book" "$tmp/out" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
declare -a one many plain
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 0; i < runs; i++)); do
  one+=("$(time_build "$tmp/ext")")
  many+=("$(time_build "$tmp/ext" -D gradpath_batch=0)")
  plain+=("$(time_build "$tmp/plain")")
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "best %.2f s, median %.2f s", a[1], a[int((NR+1)/2)]}'; }
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates every time)"
echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1), Sphinx $("$py" -c 'import sphinx; print(sphinx.__version__)')"
echo "one JVM per build (batch):      $(stats "${one[@]}")"
echo "one JVM per directive:          $(stats "${many[@]}")"
echo "Sphinx alone (equations pasted): $(stats "${plain[@]}")"
