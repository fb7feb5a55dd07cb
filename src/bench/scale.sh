#!/usr/bin/env bash
# Scale benchmark: a 100,000-layer chain with 10,000 skips (s_k = h_{k-5} + h_k every 10th layer).
# Times `paths --count` and `derive --form adjoint` end to end (JVM start included), best of 3.
# Usage: src/bench/scale.sh [LAYERS] [SKIP_EVERY]    (after: mvn -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
layers=${1:-100000}
every=${2:-10}
jar=target/gradpath.jar
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
mkdir -p target/bench
net=target/bench/chain-$layers.nn
awk -v N="$layers" -v E="$every" 'BEGIN {
  print "network Chain {"; print "  input x;"; print "  h_1 = a(w_0 x);"
  for (n = 1; n < N; n++) {
    if (n % E == 0 && n > 5) { printf "  s_%d = h_%d + h_%d;\n", n, n-5, n; printf "  h_%d = a(w_%d s_%d);\n", n+1, n, n }
    else printf "  h_%d = a(w_%d h_%d);\n", n+1, n, n
  }
  printf "  y = a(w_y h_%d);\n", N; print "  loss L(y);"; print "}"
}' > "$net"
echo "network: $net ($(wc -l < "$net") lines, $(grep -c ' + ' "$net") skips)"
best() { # best wall-clock seconds of 3 runs of "$@", output discarded
  local b=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    local t; t=$(echo "$e - $s" | bc)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
  done
  printf '%.2f s' "$b"
}
echo "paths --count         : $(best java -jar "$jar" paths --count "$net")"
echo "derive --form adjoint : $(best java -jar "$jar" derive --form adjoint "$net")"
echo "digits in count of w_0: $(java -jar "$jar" paths --count --wrt w_0 "$net" | awk '{print length($2)}')"
