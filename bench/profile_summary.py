#!/usr/bin/env python3
"""Summarises a PyTorch profiler trace written by DjlAlone (-Ddescent.bench.profile=FILE).

Per training step (--steps, 235 for Fashion-MNIST at batch 256): how long the profiled span was,
how much of it native operators covered (the rest is Java: the training loop, DJL's wrappers, JNI
crossings, GC), and the operators by self time.

  java -Ddescent.bench.profile=/tmp/trace.json -Ddescent.bench.profile.epoch=6 -cp ... io.descent.bench.DjlAlone 42
  python3 bench/profile_summary.py /tmp/trace.json
"""
import argparse
import collections
import json


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("trace")
    parser.add_argument("--steps", type=int, default=235)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    trace = json.load(open(args.trace))
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    events = [e for e in events if e.get("ph") == "X"]
    by_thread = collections.Counter(e["tid"] for e in events)
    main_thread = max(by_thread, key=by_thread.get)
    ops = sorted((e for e in events if e["tid"] == main_thread), key=lambda e: (e["ts"], -e["dur"]))
    span = max(e["ts"] + e["dur"] for e in ops) - ops[0]["ts"]
    top_level, end = [], -1
    for e in ops:
        if e["ts"] >= end:
            top_level.append(e)
            end = e["ts"] + e["dur"]
    covered = sum(e["dur"] for e in top_level)
    stack = []
    for e in ops:
        while stack and e["ts"] >= stack[-1]["ts"] + stack[-1]["dur"]:
            stack.pop()
        e["self"] = e["dur"]
        if stack:
            stack[-1]["self"] -= e["dur"]
        stack.append(e)
    totals = collections.defaultdict(lambda: [0, 0.0])
    for e in ops:
        totals[e["name"]][0] += 1
        totals[e["name"]][1] += e["self"]
    s = args.steps
    print(f"per step: span {span / s:.0f} us, native operators {covered / s:.0f} us ({covered / span:.0%}), "
          f"outside them {(span - covered) / s:.0f} us; {len(top_level) / s:.1f} top-level operator calls")
    print(f"{'operator':44s} {'calls':>6s} {'self us':>8s}")
    for name, (calls, self_us) in sorted(totals.items(), key=lambda kv: -kv[1][1])[: args.top]:
        print(f"{name[:44]:44s} {calls / s:6.1f} {self_us / s:8.1f}")


if __name__ == "__main__":
    main()
