#!/usr/bin/env python3
"""Before/after of a change to the training core: the canonical job through DjlAlone from two
builds, interleaved over rounds (A B C A B C …), medians of epochs 2..10 and per-round ratios.

  git worktree add /tmp/before <commit> && (cd /tmp/before && mvn -q -o test-compile)
  mvn -q -o test-compile
  python3 bench/core_before_after.py --before /tmp/before --rounds 3

Variants: the old build; this build with MKL's vendor check left in place
(-Ddescent.bench.mkl=false); this build as the service runs it. Nothing else may run meanwhile.
"""
import argparse
import json
import os
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def classpath(tree):
    deps = os.path.join(ROOT, "target", "bench.classpath")
    if not os.path.exists(deps):
        subprocess.run(["mvn", "-q", "-B", "-o", "dependency:build-classpath", "-Dmdep.outputFile=" + deps], cwd=ROOT, check=True)
    return ":".join([os.path.join(tree, "target", "classes"), os.path.join(tree, "target", "test-classes"), open(deps).read().strip()])


def run(tree, seed, extra):
    out = subprocess.run(["java", *extra, "-cp", classpath(tree), "io.descent.bench.DjlAlone", str(seed)], capture_output=True,
                         text=True, env=dict(os.environ, DJL_OFFLINE="true"), check=True).stdout
    result = json.loads([l for l in out.splitlines() if l.startswith("{")][-1])
    return statistics.median(result["samplesPerSecond"][1:]), result["testAccuracy"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="a checkout of the old commit, compiled (target/classes, target/test-classes)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    variants = {"before": (args.before, []), "after, MKL as shipped": (ROOT, ["-Ddescent.bench.mkl=false"]), "after": (ROOT, [])}
    rates = {name: [] for name in variants}
    for r in range(args.rounds):
        seed = 42 + r
        line = []
        for name, (tree, extra) in variants.items():
            rate, accuracy = run(tree, seed, extra)
            rates[name].append(rate)
            line.append(f"{name} {rate:,.0f}/s (acc {accuracy:.4f})")
        print(f"round {r + 1}: " + "  ".join(line), flush=True)
    before = rates["before"]
    for name, values in rates.items():
        ratios = [v / b for v, b in zip(values, before)]
        print(f"{name:<22} median {statistics.median(values):>9,.0f} samples/s ({min(values):,.0f}–{max(values):,.0f}); "
              f"/ before per round {[round(x, 2) for x in ratios]}, median {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
