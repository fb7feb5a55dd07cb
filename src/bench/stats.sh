#!/usr/bin/env bash
# Path-length statistics at the scale of the big published networks, end to end (JVM start included), best of 3:
#   ResNet-1001: 333 bottleneck units of three layers (x_{l+1} = x_l + f_l, f_l three layers above x_l) between a
#                first and a last layer, 1001 layers;
#   DenseNet-264: dense blocks of 6, 12, 64 and 48 bottleneck layers (two layers each; every layer of a block takes
#                 the sum of all earlier ones, as a stand-in for the concatenation), three transitions, 264 layers.
# Usage: src/bench/stats.sh    (after: mvn -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=target/gradpath.jar
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
mkdir -p target/bench
resnet=target/bench/resnet-1001.nn
awk 'BEGIN {
  print "network ResNet1001 {"; print "  input x;"; print "  x_0 = r(W x);"
  for (l = 0; l < 333; l++) {
    printf "  a_%d = r(U_%d x_%d);\n  b_%d = r(V_%d a_%d);\n  f_%d = r(W_%d b_%d);\n  x_%d = x_%d + f_%d;\n", l, l, l, l, l, l, l, l, l, l+1, l, l
  }
  print "  y = r(W_y x_333);"; print "  loss L(y);"; print "}"
}' > "$resnet"
densenet=target/bench/densenet-264.nn
awk 'BEGIN {
  split("6 12 64 48", m, " ")
  print "network DenseNet264 {"; print "  input x;"; print "  t_0 = r(W x);"
  for (b = 1; b <= 4; b++) {
    printf "  d_{%d,0} = r(T_%d t_%d);\n", b, b, b-1
    for (i = 1; i <= m[b]; i++) {
      printf "  s_{%d,%d} =", b, i
      for (j = 0; j < i; j++) printf "%s d_{%d,%d}", (j ? " +" : ""), b, j
      printf ";\n  e_{%d,%d} = r(V_{%d,%d} s_{%d,%d});\n  d_{%d,%d} = r(W_{%d,%d} e_{%d,%d});\n", b, i, b, i, b, i, b, i, b, i, b, i
    }
    printf "  t_%d = r(P_%d d_{%d,%d});\n", b, b, b, m[b]
  }
  print "  y = r(W_y t_4);"; print "  loss L(y);"; print "}"
}' > "$densenet"
best() { # best of 3 runs of "$@", output discarded: wall-clock and CPU (user + system) seconds. On a shared
  # machine the wall clock mostly measures the other processes; the CPU time is what the command costs.
  local bw="" bc=""
  for _ in 1 2 3; do
    local t w c
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" > /dev/null 2>&1; } 2>&1 )
    w=$(echo "$t" | awk '{ print $1 }'); c=$(echo "$t" | awk '{ print $2 + $3 }')
    if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc)" = 1 ]; then bw=$w; fi
    if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc)" = 1 ]; then bc=$c; fi
  done
  printf '%.2f s wall, %.2f s CPU' "$bw" "$bc"
}
for net in "$resnet" "$densenet"; do
  echo "$net: $(grep -c ' = ' "$net") definitions"
  java -jar "$jar" paths "$net" --stats | awk 'NR <= 2 || /^mean/ { print "  " $0 }'
  echo "  --version (JVM start alone): $(best java -jar "$jar" --version)"
  echo "  paths --stats: $(best java -jar "$jar" paths "$net" --stats)"
  echo "  paths --stats -o histogram.svg: $(best java -jar "$jar" paths "$net" --stats -o "${net%.nn}.svg")"
done
