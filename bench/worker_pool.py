#!/usr/bin/env python3
"""A worker pool on one node: the same work through one trainer against several trainer processes,
on the default embedded H2 (one command, no PostgreSQL), in one run on this host.

Two workloads, each on a fresh node per setup:
  - a study of --trials canonical-size trials (the Fashion-MNIST MLP of bench/throughput.py, --epochs
    each, maxConcurrentTrials = --trials so the queue always holds them all);
  - one canonical job alone (--epochs), for the case where the queue holds one job.
Setups: the node's own JVM with all cores' threads (descent.worker.processes=0), the default pool
(auto: on 2 cores one trainer with both threads), and N trainers of 1 thread (N = cores).

    mvn -B -o -q -DskipTests package
    /usr/bin/python3 bench/worker_pool.py --trials 8 --epochs 6 --out docs/bench-results/DATE-worker-pool.json

Needs Debian's dataset-fashion-mnist. Nothing else may run meanwhile.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostinfo  # noqa: E402
from study_nodes import call, free_port, start_node  # noqa: E402

CANONICAL = {"dataset": {"id": "fashion-mnist", "validation": 0.1},
             "model": {"layers": [{"units": 256, "activation": "relu", "dropout": 0.2},
                                  {"units": 256, "activation": "relu", "dropout": 0.5}]},
             "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9}, "batchSize": 256, "seed": 1}


def await_trainers(base, timeout=240):
    deadline = time.time() + timeout
    while time.time() < deadline:
        pool = call(base + "/actuator/info").get("pool", {})
        trainers = pool.get("trainers")
        if trainers is None or (trainers and all(t["connected"] for t in trainers)):
            return pool
        time.sleep(0.5)
    raise RuntimeError("trainers did not connect")


def workload(base, kind, args):
    start = time.time()
    if kind == "study":
        created = call(base + "/api/v1/studies", "POST", {
            "name": "worker-pool", "seed": 7, "trials": args.trials, "maxConcurrentTrials": args.trials, "preflight": "off",
            "base": dict(CANONICAL, epochs=args.epochs), "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.3}}})
        view = created
        while view["status"] == "RUNNING":
            time.sleep(0.3)
            view = call(base + "/api/v1/studies/" + created["id"])
        wall = time.time() - start
        trials = call(base + "/api/v1/jobs?size=100&study=" + created["id"])["items"]
        samples = sum(t["currentEpoch"] for t in trials) * 54000
        return {"status": view["status"], "wallSeconds": round(wall, 1), "trialEpochs": view["trialEpochs"],
                "samplesPerSecond": round(samples / wall), "trialsByTrainer": sorted({t.get("node") for t in trials})}
    job = call(base + "/api/v1/jobs", "POST", dict(CANONICAL, epochs=args.epochs))
    while job["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
        time.sleep(0.3)
        job = call(base + "/api/v1/jobs/" + job["id"])
    wall = time.time() - start
    return {"status": job["status"], "wallSeconds": round(wall, 1), "samplesPerSecond": round(job["currentEpoch"] * 54000 / wall)}


def run(setup, settings, kind, args):
    data = tempfile.mkdtemp(prefix="descent-pool-")
    port = free_port()
    node = start_node("pool-bench", port, data, settings)
    try:
        base = f"http://127.0.0.1:{port}"
        pool = await_trainers(base)
        result = dict(setup=setup, workload=kind, settings=settings, pool={k: pool.get(k) for k in ("processes", "threadsPerProcess")},
                      **workload(base, kind, args))
        print(f"{kind:<6} {setup:<34} {result['wallSeconds']:7.1f} s  {result['samplesPerSecond']:>8,} samples/s  {result['status']}",
              flush=True)
        return result
    finally:
        node.terminate()
        node.wait(90)
        shutil.rmtree(data, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trials", type=int, default=8)
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--out")
    args = p.parse_args()
    cores = os.cpu_count()
    host = hostinfo.host_info()
    print(hostinfo.one_line(host), flush=True)
    setups = [(f"node's own JVM, {cores} threads", ["--descent.worker.processes=0"]),
              ("default pool (auto)", []),
              (f"pool of {cores} trainers x 1 thread", [f"--descent.worker.processes={cores}", "--descent.worker.threads-per-process=1"])]
    results = []
    for kind in ("study", "single"):
        for name, settings in setups:
            results.append(run(name, settings, kind, args))
    for kind in ("study", "single"):
        rows = [r for r in results if r["workload"] == kind]
        base = rows[0]["samplesPerSecond"]
        print(kind + ": " + ", ".join(f"{r['setup']} {r['samplesPerSecond'] / base:.2f}x" for r in rows))
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"host": host, "args": vars(args), "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
