#!/usr/bin/env python3
"""Prediction latency with the node idle and while it trains another job.

Trains a small model on the shipped Fashion-MNIST subset, measures N single-row predictions with the
node idle, then starts a long training job and measures N more while it trains. Predictions do not
take the training lock, so they should not wait for the job (they share the CPU with it, though).

    python3 bench/prediction_latency.py [--url http://localhost:8080] [--requests 200]
"""
import argparse
import json
import statistics
import time
import urllib.request


def call(url, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def wait(base, job_id, predicate, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = call(f"{base}/api/v1/jobs/{job_id}")
        if predicate(job):
            return job
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting on {job_id}")


def latencies(base, job_id, n):
    row = [0.5] * 784
    out = []
    for _ in range(n):
        start = time.perf_counter()
        call(f"{base}/api/v1/jobs/{job_id}/predictions", "POST", {"instances": [row]})
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(name, values):
    q = statistics.quantiles(values, n=100)
    return f"{name:<28} n={len(values)}  p50 {q[49]:7.2f} ms  p95 {q[94]:7.2f} ms  p99 {q[98]:7.2f} ms  max {max(values):7.2f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    base = args.url
    model = call(f"{base}/api/v1/jobs", "POST", {"name": "latency-model", "dataset": {"id": "fashion-mnist-small"},
                                                  "model": {"layers": [{"units": 64}]}, "epochs": 2, "batchSize": 64, "seed": 1})["id"]
    wait(base, model, lambda j: j["status"] == "SUCCEEDED")
    latencies(base, model, 20)  # warm-up: model load, JIT
    idle = latencies(base, model, args.requests)
    busy_job = call(f"{base}/api/v1/jobs", "POST", {"name": "latency-load", "dataset": {"id": "fashion-mnist-small"},
                                                     "model": {"layers": [{"units": 256}, {"units": 256}]},
                                                     "epochs": 500, "batchSize": 32, "seed": 2})["id"]
    wait(base, busy_job, lambda j: j["status"] == "RUNNING")
    time.sleep(1)
    busy = latencies(base, model, args.requests)
    still = call(f"{base}/api/v1/jobs/{busy_job}")
    call(f"{base}/api/v1/jobs/{busy_job}/cancel", "POST")
    print(f"prediction latency, single 784-feature row, model {model}")
    print(summary("idle node", idle))
    print(summary("while a job trains", busy))
    print(f"the training job was {still['status']} at epoch {still['currentEpoch']} after the busy measurement")


if __name__ == "__main__":
    main()
