#!/usr/bin/env bash
# JMH benchmarks of each stage (parse, graph, derive, render, check, verify), warm, in one JVM.
# Builds src/bench/jmh against target/gradpath.jar, then runs JMH with the given options.
# Usage: src/bench/jmh.sh [JMH options]   e.g.  src/bench/jmh.sh 'StageBench.derive.*' -p layers=1000
#        (after: mvn -q package -DskipTests; the first run needs Maven Central for JMH itself)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f target/gradpath.jar ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
mvn -B -ntp -q -f src/bench/jmh/pom.xml package -DskipTests
cp="src/bench/jmh/target/classes:$(cat src/bench/jmh/target/classpath.txt):target/gradpath.jar"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1 /proc/loadavg)"
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
