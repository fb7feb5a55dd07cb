#!/usr/bin/env bash
# gradpath against a peer: SymPy differentiating the same network (src/bench/peer_sympy.py).
# The chapter's skip network (samples/chapter-skip-6.nn generalised: N layers, a skip from h_p to h_q with
# p = max(2, N/6), q = 2p; 24 layers: 4 -> 8) at 6, 12, 16, 24, 32, 48 and 64 layers. Both tools run whole-process
# on the same network, interleaved, RUNS times each; the table shows the best and the median wall-clock time,
# the median CPU time (user + sys of the process and its threads: steadier than wall time on a busy machine),
# and the ratios of the medians. gradpath runs through bin/gradpath (the start-up archive and flags).
# Usage: src/bench/peer.sh [RUNS] [LAYERS...]    (after: mvn -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/cds-guard.sh && cds_guard "${GRADPATH_JAR:-target/gradpath.jar}"
runs=${1:-5}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(6 12 16 24 32 48 64)
[ -f target/gradpath.jar ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
if ! python3 -c 'import sympy' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq python3-sympy >/dev/null
fi
work=target/bench/peer
mkdir -p "$work"
for n in "${sizes[@]}"; do
  p=$(( n / 6 > 2 ? n / 6 : 2 )); q=$(( 2 * p ))
  {
    echo "# The chapter's skip network at $n layers, a skip from h_$p to h_$q (written by src/bench/peer.sh)."
    echo "network ChapterSkip$n {"
    echo "  input x;"
    echo "  h_1     = a_0(w_0 x);"
    echo "  h_{n+1} = a_n(w_n h_n) for n in 1..$(( n - 1 )), n != $q;"
    echo "  s_$q     = h_$p + h_$q;"
    echo "  h_$(( q + 1 ))     = a_$q(w_$q s_$q);"
    echo "  y       = a_$n(w_$n h_$n);"
    echo "  loss L(y);"
    echo "}"
  } > "$work/skip-$n.nn"
  echo "$n $p $q" > "$work/skip-$n.args"
done
python3 - "$runs" "$work" "${sizes[@]}" <<'PY'
import os, platform, resource, statistics, subprocess, sys, time

runs, work, sizes = int(sys.argv[1]), sys.argv[2], [int(s) for s in sys.argv[3:]]

def timed(cmd):
    """Wall and CPU seconds of one whole-process run, its exit code and the number of gradient lines."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    except subprocess.TimeoutExpired:
        return 600.0, 600.0, -1, 0, "timed out after 600 s"
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    grads = sum(1 for line in p.stdout.decode("utf-8", "replace").splitlines()
                if line.lstrip().startswith("\\frac{\\partial L}{\\partial"))
    err = p.stderr.decode("utf-8", "replace").strip().splitlines()
    return wall, cpu, p.returncode, grads, (err[-1] if err else "")

def show(xs):
    return f"{min(xs):7.3f} {statistics.median(xs):7.3f}"

cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores, {cpu_model}; "
      f"{platform.system()} {platform.release()}; load average at start {os.getloadavg()[0]:.2f}")
print(f"# {runs} runs each, interleaved; seconds; wall best/median, CPU (user+sys) median")
print("| layers | gradpath wall best | median | CPU | SymPy wall best | median | CPU | wall ratio | CPU ratio |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    nn = f"{work}/skip-{n}.nn"
    args = open(f"{work}/skip-{n}.args").read().split()
    tools = {"gradpath": ["bin/gradpath", "derive", nn],
             "sympy": ["python3", "src/bench/peer_sympy.py", *args]}
    res = {t: [] for t in tools}
    failed = {}
    for _ in range(runs):
        for t, cmd in tools.items():
            if t in failed:
                continue
            wall, cpu, rc, grads, last = timed(cmd)
            if rc != 0 or grads != n + 1:
                failed[t] = last[:60] if rc else f"{grads} of {n + 1} gradients"
                continue
            res[t].append((wall, cpu))
    cells = []
    for t in tools:
        if t in failed and not res[t]:
            cells.append(f"{failed[t]} | | ")
        else:
            w = [r[0] for r in res[t]]; c = [r[1] for r in res[t]]
            note = f" ({len(w)} run{'s' if len(w) > 1 else ''}; then {failed[t]})" if t in failed else ""
            cells.append(f"{min(w):.3f} | {statistics.median(w):.3f} | {statistics.median(c):.3f}{note}")
    if res["gradpath"] and res["sympy"] and "sympy" not in failed:
        g = statistics.median(r[0] for r in res["gradpath"]); s = statistics.median(r[0] for r in res["sympy"])
        gc = statistics.median(r[1] for r in res["gradpath"]); sc = statistics.median(r[1] for r in res["sympy"])
        ratio = f"{s / g:.1f}× | {sc / gc:.1f}×"
    else:
        ratio = "— | —"
    print(f"| {n} | {cells[0]} | {cells[1]} | {ratio} |", flush=True)
print(f"# load average at end {os.getloadavg()[0]:.2f}")
PY
