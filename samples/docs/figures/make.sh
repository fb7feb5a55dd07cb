#!/usr/bin/env bash
# Regenerates the book's figures with gradpath graph (Graphviz dot must be installed). Run from the repository
# root after `mvn -q package -DskipTests`: bash samples/docs/figures/make.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
g() { java -jar target/gradpath.jar graph "$@"; }
out=samples/docs/figures
g samples/chapter-plain-6.nn -o $out/chapter-plain-6.svg
g samples/resblock.nn --highlight w_0 -o $out/resblock-w0.svg
g samples/chapter-skip-6.nn -o $out/chapter-skip-6.svg
g samples/residual-stack.nn -o $out/residual-stack.svg
g samples/overlapping-skips.nn -o $out/overlapping-skips.svg
g samples/backward-skip.nn --highlight w_2 -o $out/backward-skip-w2.svg
java -jar target/gradpath.jar paths samples/residual-stack.nn --stats -o $out/residual-stack-lengths.svg
