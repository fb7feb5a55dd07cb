#!/usr/bin/env bash
# The issue-13 fuzz campaign: COUNT generated inputs per reader (default 100000), one JVM per reader at -Xmx1g,
# one reader after the other (never two JVMs at once: the machine is shared), niced. In-process, without jqwik
# (src/test/java/io/github/gradpath/fuzz/Campaign.java): a watchdog thread holds every input to 10 s.
#   network  the network language (token soup, structured networks, mutated samples; derive/paths/graph)
#   rst myst latex  `check` of documents (LaTeX row soup, mutated gradpath output)
#   cli      command lines (subcommands, options and values, on small networks and documents)
# Usage: [BUDGET=SECONDS] src/bench/campaign.sh [COUNT] [READER...]; BUDGET stops each reader after that long (the
# count it ran is then stated); FROM=N starts at input N (inputs are numbered: a campaign can be continued). Needs `mvn -o test-compile` first. Appends one line per reader to target/fuzz/campaign/summary.txt;
# each failure is a file there with its input (rebuilt by: Campaign READER 1 --from N).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
count=${1:-100000}
shift || true
readers=("$@")
[ ${#readers[@]} -gt 0 ] || readers=(network rst myst latex cli)
[ -f target/cp.txt ] || mvn -B -ntp -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
out="$root/target/fuzz/campaign"
mkdir -p "$out"
# A copy of the classes: a rebuild of the tree while the campaign runs must not change the code under test.
classes=$(mktemp -d /tmp/gradpath-campaign-classes-XXXXXX)
cp -r target/classes target/test-classes "$classes/"
cp="$classes/test-classes:$classes/classes:$(cat target/cp.txt)"
echo "campaign of $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/main || echo '+uncommitted'), $count per reader: ${readers[*]}" \
  | tee -a "$out/summary.txt"
status=0
for reader in "${readers[@]}"; do
  scratch=$(mktemp -d /tmp/gradpath-campaign-XXXXXX)
  mkdir -p "$scratch/cwd"
  # The cli reader writes relative paths (-o out.rst, -d ..): it runs in a scratch folder, not in the tree.
  until=()
  # BUDGET=SECONDS: each reader stops after that long (the count it ran is then what summary.txt states).
  if [ -n "${BUDGET:-}" ]; then until=(--until $(( $(date +%s) + BUDGET ))); fi
  (cd "$scratch/cwd" && nice -n 19 java -Xmx1g -Dgradpath.samples="$root/samples" -cp "$cp" \
      io.github.gradpath.fuzz.Campaign "$reader" "$count" --out "$out" "${until[@]}" ${FROM:+--from "$FROM"}) || status=$?
  rm -rf "$scratch"
done
rm -rf "$classes"
exit "$status"
