#!/usr/bin/env bash
# Builds target/gradpath.jsa, the class-data-sharing archive bin/gradpath starts the CLI with (Java's AppCDS):
# the classes a few typical commands load, parsed and verified once here instead of at every start.
# Run by `mvn package` after the CLI jar is shaded; offline, from the repository's own samples.
# Usage: src/build/cds.sh TARGET_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
target=$(cd "${1:-target}" && pwd)
# Absolute: the archive records the jar's path as given, and a relative one would only match in this directory.
jar=$target/gradpath.jar
jsa=$target/gradpath.jsa
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$target/cds
rm -rf "$work" "$jsa"
mkdir -p "$work"

# One class list per training run; the archive holds their union. Outputs go to files, never to the build log.
n=0
train() {
  n=$((n + 1))
  "$java" -XX:DumpLoadedClassList="$work/classes-$n.lst" -Xshare:auto -jar "$jar" "$@" \
    > "$work/out-$n.txt" 2> "$work/err-$n.txt" || true
}
train derive samples/chapter-skip-6.nn
train derive --form adjoint -o "$work/adjoint.md" samples/residual-stack.nn
train derive -o "$work/chapter-skip.rst" samples/chapter-skip.nn
train check samples/docs/residual.rst
# A symbolic network (index N, p, q): its witnesses, and chapter-style rows (`\cdots` between factors, inside
# `aligned`) checked at both. residual.rst names concrete networks only, so without this run the classes and
# lambdas only a symbolic check uses (Matrices, RunShape, Networks' witness search) load from the jar every time.
train check "$work/chapter-skip.rst" --network samples/chapter-skip.nn
train verify samples/chapter-skip-6.nn
train paths --count samples/chapter-skip-6.nn
train --version

# Dumped with G1 whatever the machine's default collector: only then does the archive hold heap objects (the boot
# module graph among them), which bin/gradpath's G1 maps at start instead of rebuilding them.
# First occurrence wins: the same order every build, so the same archive for the same jar and JDK.
cat "$work"/classes-*.lst | awk '!seen[$0]++' > "$work/classes.lst"
"$java" -XX:+UseG1GC -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$jsa" -cp "$jar" \
  > "$work/dump.txt" 2>&1 || { echo "cds.sh: archive not built (see $work/dump.txt); bin/gradpath runs without it" >&2; exit 0; }
echo "cds.sh: $jsa ($(wc -l < "$work/classes.lst") classes listed)"
