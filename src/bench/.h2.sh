#!/usr/bin/env bash
# Issue 13's super-linear and blow-up inputs, timed end to end through the CLI (JVM start included) at -Xmx1g.
# Each must finish within seconds, with exit 0 or one clean error (exit 2). Prints: case, exit code, seconds,
# peak RSS, and the first line of standard error.
# Usage: src/bench/hardening.sh     (after: mvn -q package -DskipTests)
set -uo pipefail
cd "$(dirname "$0")/../.."
jar=target/gradpath.jar
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
d=target/bench/hardening
mkdir -p "$d"
python3 - "$d" <<'PY'
import sys
d = sys.argv[1]
def w(name, text):
    open(f"{d}/{name}.nn", "w").write(text)
N = 100_000
w("sum-100k", "network S {\n  input x;\n" + "".join(f"  h_{i} = a_{i}(w_{i} x);\n" for i in range(1, N + 1))
  + "  s = " + " + ".join(f"h_{i}" for i in range(1, N + 1)) + ";\n  loss L(s);\n}\n")
w("index-sum-100k", "network I {\n  input x;\n  h_{" + "+".join(["1"] * N) + "} = a(w x);\n  loss L(h_100000);\n}\n")
w("undefined-100k", "network U {\n  input x;\n  y = a(w " + " + ".join(f"u{i}" for i in range(N)) + ");\n  loss L(y);\n}\n")
s = "".join(f"a_{i}(w_{i} " for i in range(N)) + "x" + ")" * N
w("nested-apply-100k", "network A {\n  input x;\n  y = " + s + ";\n  loss L(y);\n}\n")
pre = "".join(["(", "a(w ", "b(v_{(1)} "][i % 3] for i in range(1200))
w("mixed-nesting", "network M {\n  input x;\n  y = " + pre + "x" + ")" * 1200 + ";\n  loss L(y);\n}\n")
w("range-long-max", "network R {\n  input x;\n  h_{n+1} = a(w x) for n in 9223372036854775806..9223372036854775807;\n  loss L(x);\n}\n")
w("range-huge", "network R {\n  input x;\n  h_n = a(w x) for n in 0-9223372036854775807..9223372036854775807;\n  loss L(h_0);\n}\n")
w("symbolic-1000N", "network S {\n  index N : N >= 1;\n  input x;\n  h_1 = a(w_0 x);\n  h_{n+1} = a(w_n h_n) for n in 1..1000*N;\n  loss L(h_{1000*N+1});\n}\n")
w("chain-10k", "network C {\n  input x;\n  h_0 = a(w_0 x);\n  h_{n+1} = a(w_{n+1} h_n) for n in 0..9999;\n  loss L(h_10000);\n}\n")
PY
printf '%-20s %4s %8s %10s  %s\n' case exit seconds "peak RSS" "first line of stderr"
for f in index-sum-100k undefined-100k nested-apply-100k mixed-nesting range-long-max range-huge \
         symbolic-1000N chain-10k; do
  cmd=derive; [ "$f" = sum-100k ] && cmd=graph
  /usr/bin/time -f '%e %M' -o "$d/$f.time" java -Xmx1g -jar "$jar" $cmd "$d/$f.nn" > /dev/null 2> "$d/$f.err"
  code=$?
  read -r secs rss < <(tail -1 "$d/$f.time")
  printf '%-20s %4s %8s %8s MB  %s\n' "$f" "$code" "$secs" "$((rss / 1024))" "$(head -c 110 "$d/$f.err" | head -1)"
done
