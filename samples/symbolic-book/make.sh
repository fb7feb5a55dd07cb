#!/usr/bin/env bash
# Regenerates the included blocks from the samples and builds the book; warnings are errors.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../../target/gradpath.jar"
gp() { java -jar "$jar" derive "$@"; }
gp "$here/../chapter-skip.nn" --forward -o "$here/forward-skip.inc"
gp "$here/../chapter-plain.nn" -o "$here/plain.inc"
gp "$here/../chapter-skip.nn" -o "$here/skip.inc"
gp "$here/../residual-symbolic.nn" -o "$here/residual.inc"
gp "$here/../chapter-skip.nn" --lang zh --label grad-ForwardSkip-zh -o "$here/skip-zh.inc"
sphinx-build -W -q -b html "$here" "$here/_build/html"
