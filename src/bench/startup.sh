#!/usr/bin/env bash
# Start-up: whole-process times of short commands (JVM start included) with hyperfine, against the JVM floor
# (a class that prints "hi") and plain `java -jar`. Prints the median and best wall time and the mean CPU time
# (user + sys: steadier than wall time when the machine is busy) of RUNS runs after 3 warm-ups.
# BASELINE_JAR=OLD.jar adds that jar's --version and derive (a build from before the start-up work).
# Usage: src/bench/startup.sh [RUNS]    (after: mvn -q package -DskipTests; installs hyperfine if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
jar=${GRADPATH_JAR:-target/gradpath.jar}
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
. src/bench/cds-guard.sh && cds_guard "${GRADPATH_JAR:-target/gradpath.jar}"
command -v hyperfine >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq hyperfine >/dev/null; }
work=target/bench/startup
mkdir -p "$work"
printf 'public class Hi { public static void main(String[] a) { System.out.println("hi"); } }\n' > "$work/Hi.java"
javac -d "$work" "$work/Hi.java"
# The chapter's skip network at 24 layers, a skip from h_4 to h_8 (as src/bench/peer.sh writes it).
cat > "$work/skip-24.nn" <<'NN'
network ChapterSkip24 {
  input x;
  h_1     = a_0(w_0 x);
  h_{n+1} = a_n(w_n h_n) for n in 1..23, n != 8;
  s_8     = h_4 + h_8;
  h_9     = a_8(w_8 s_8);
  y       = a_24(w_24 h_24);
  loss L(y);
}
NN
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "$(java -version 2>&1 | head -1); load average at start $(cut -d' ' -f1 /proc/loadavg); $runs runs each"
hyperfine -N -w 3 -r "$runs" --export-json "$work/startup.json" --style none \
  -n "JVM floor (prints hi)" "java -Xshare:auto -cp $work Hi" \
  -n "bin/gradpath --version" "bin/gradpath --version" \
  -n "java -jar gradpath.jar --version" "java -jar $jar --version" \
  -n "bin/gradpath derive chapter-skip-6" "bin/gradpath derive samples/chapter-skip-6.nn" \
  -n "bin/gradpath derive skip-24" "bin/gradpath derive $work/skip-24.nn" \
  -n "java -jar gradpath.jar derive skip-24" "java -jar $jar derive $work/skip-24.nn" \
  ${BASELINE_JAR:+-n "baseline: java -jar OLD.jar --version" "java -jar $BASELINE_JAR --version"} \
  ${BASELINE_JAR:+-n "baseline: java -jar OLD.jar derive skip-24" "java -jar $BASELINE_JAR derive $work/skip-24.nn"} \
  > /dev/null
python3 - "$work/startup.json" <<'PY'
import json, sys
print("| command | wall median | wall best | CPU mean |")
print("|---|---:|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"| `{r['command']}` | {r['median']:.3f} s | {r['min']:.3f} s | {r['user'] + r['system']:.3f} s |")
PY
echo "# load average at end $(cut -d' ' -f1 /proc/loadavg)"
