#!/usr/bin/env bash
# Long fuzz campaign (issue 13): the property-based tests under src/test/java/io/github/gradpath/fuzz with many
# more tries than `mvn verify` runs (60 per property there), in a JVM limited to -Xmx1g.
#   network language: tokenSoup, structuredNetworks, mutatedSamples  (TRIES each)
#   document readers: rst, myst, latex                               (TRIES each)
# Every input must give an expected exit code (never 3), no exception or error (stack overflow, out of memory),
# exit 2 only with a positioned message, and finish within 10 s (Promise.MAX_MILLIS).
# Usage: src/bench/fuzz.sh [TRIES]     (default 100000 tries per property; jqwik draws a new seed each run)
# Writes target/fuzz/report.txt: tries, checks and seed per property, and any failure with its shrunk input.
set -euo pipefail
cd "$(dirname "$0")/../.."
tries=${1:-100000}
mkdir -p target/fuzz
args=(-B -ntp -o test -Dtest='NetworkLanguageFuzzTest,DocumentReaderFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false
      -Djqwik.tries.default="$tries" -Djqwik.reporting.onlyfailures=false -DargLine=-Xmx1g)
start=$(date +%s)
status=0
mvn "${args[@]}" > target/fuzz/mvn.log 2>&1 || status=$?
end=$(date +%s)
{
  echo "fuzz campaign: $tries tries per property, $(date -u +%Y-%m-%dT%H:%MZ), $((end - start)) s, mvn exit $status"
  grep -E '^timestamp|^tries|^checks|^seed|AssertionError|exit [0-9]|took [0-9]' target/fuzz/mvn.log \
    | grep -v 'edge-cases' || true
  grep -E 'Tests run:.*Fail' target/fuzz/mvn.log | tail -1 || true
} | tee target/fuzz/report.txt
exit "$status"
