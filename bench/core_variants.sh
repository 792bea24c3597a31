#!/bin/bash
# Issue 14, part 4: how much of a training step each candidate change could save, measured on the
# training core alone (io.descent.bench.DjlAlone, the canonical Fashion-MNIST job) in interleaved
# rounds, so every ratio comes from one run on one host:
#   base     the core as shipped
#   noopt    every gradient computed, no parameter updated (-Ddescent.bench.optimizer=none): the
#            whole cost of the optimizer step, an upper bound on what flat buffers or a fused
#            update could save (the model does not learn; only its speed counts)
#   malloc   glibc told never to return freed memory to the kernel nor to mmap large tensors, so
#            libtorch's per-step temporaries never page-fault (the allocator-cache question)
# Needs the Fashion-MNIST package and `mvn -B -o -q test-compile dependency:build-classpath
# -Dmdep.outputFile=target/bench.classpath`. Nothing else may run meanwhile.
# Usage: bash bench/core_variants.sh [rounds]   (prints one line per job, then medians and ratios)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
[ -f target/bench.classpath ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
CP="target/classes:target/test-classes:$(cat target/bench.classpath)"
python3 bench/hostinfo.py 2>/dev/null | head -20 || true
results=$(mktemp)
run() {
    local label=$1; shift
    local line
    line=$(env DJL_OFFLINE=true "$@" java ${JOPT:-} -cp "$CP" io.descent.bench.DjlAlone 42 | grep '^{' | tail -1)
    python3 -c "import json,sys,statistics; r=json.loads(sys.argv[2]); print(sys.argv[1], round(statistics.median(r['samplesPerSecond'][1:])), r['testAccuracy'])" "$label" "$line" | tee -a "$results"
}
for r in $(seq "$rounds"); do
    JOPT= run base
    JOPT=-Ddescent.bench.optimizer=none run noopt
    JOPT= run malloc GLIBC_TUNABLES=glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=1073741824:glibc.malloc.top_pad=268435456
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {k: statistics.median(float(r[1]) for r in rows if r[0] == k) for k in dict.fromkeys(r[0] for r in rows)}
for k, v in med.items():
    print(f"median {k:7s} {v:10,.0f} samples/s  {v / med['base']:.3f} x base")
PY
