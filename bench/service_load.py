#!/usr/bin/env python3
"""Service-level figures for issue 6: start latency with a warm engine, the cost of dashboards
polling a training job (200 GET/s, with and without If-None-Match), and resident memory over 50 jobs.

Start the packaged service alone first (nothing else running), with Debian's dataset-fashion-mnist:

    java -jar target/descent-0.1.0-SNAPSHOT.jar --descent.data-dir=/tmp/descent-load &
    python3 bench/service_load.py
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import time
import urllib.parse
import urllib.request

CANONICAL = {"dataset": {"id": "fashion-mnist"}, "model": {"layers": [
    {"units": 256, "activation": "relu", "dropout": 0.2}, {"units": 256, "activation": "relu", "dropout": 0.5}]},
    "optimizer": {"type": "sgd", "lr": 0.5}, "epochs": 10, "batchSize": 256}


def call(url, method="GET", body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def wait(base, job, status=("SUCCEEDED", "FAILED", "CANCELLED")):
    while True:
        j = call(f"{base}/api/v1/jobs/{job}")
        if j["status"] in status:
            return j
        time.sleep(0.1)


def prometheus(base, name):
    text = urllib.request.urlopen(base + "/actuator/prometheus").read().decode()
    return sum(float(l.split()[-1]) for l in text.splitlines() if l.startswith(name + " ") or l.startswith(name + "{"))


def rss_mb():
    pid = subprocess.run(["pgrep", "-f", "descent-.*\\.jar"], capture_output=True, text=True).stdout.split()[0]
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024


def build_poller():
    """bench/poll.c: a paced keep-alive HTTP client in C, so the load tool costs the shared cores little."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.path.join(root, "target", "poll")
    subprocess.run(["gcc", "-O2", "-o", binary, os.path.join(root, "bench", "poll.c")], check=True)
    return binary


def training_rate(base, seed, polling=None, poller=None):
    """The job's median samples/s (epochs 2..N) and, when polled, the poller's summary."""
    job = call(f"{base}/api/v1/jobs", "POST", dict(CANONICAL, seed=seed))["id"]
    process = None
    if polling:
        url = urllib.parse.urlparse(base)
        args = [poller, url.hostname if url.hostname != "localhost" else "127.0.0.1", str(url.port or 80),
                f"/api/v1/jobs/{job}", "200", "600"] + (["etag"] if polling == "etag" else [])
        process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    wait(base, job)
    summary = None
    if process:
        process.send_signal(signal.SIGTERM)
        summary = json.loads(process.communicate()[0])
    rows = call(f"{base}/api/v1/jobs/{job}/metrics")
    return statistics.median(r["samplesPerSecond"] for r in rows[1:]), summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of alone / GET / If-None-Match")
    parser.add_argument("--skip-memory", action="store_true", help="leave out the 50-job memory run")
    args = parser.parse_args()
    base, rounds = args.url, args.rounds
    print(f"service_load  {time.strftime('%Y-%m-%dT%H:%M:%S')}")

    # Warm the engine and the dataset cache, then measure submission → first trained batch.
    wait(base, call(f"{base}/api/v1/jobs", "POST", dict(CANONICAL, epochs=1, seed=1))["id"])
    starts = []
    for seed in range(5):
        count, total = prometheus(base, "descent_jobs_start_latency_seconds_count"), prometheus(base, "descent_jobs_start_latency_seconds_sum")
        wait(base, call(f"{base}/api/v1/jobs", "POST", dict(CANONICAL, epochs=1, seed=seed))["id"])
        starts.append((prometheus(base, "descent_jobs_start_latency_seconds_sum") - total) * 1000
                      / (prometheus(base, "descent_jobs_start_latency_seconds_count") - count))
    print(f"POST → first trained batch (warm engine, cached dataset): median {statistics.median(starts):.0f} ms, "
          f"max {max(starts):.0f} ms over {len(starts)} jobs")

    # Polling: the canonical job alone, with 200 GET/s, with 200 conditional GET/s; interleaved rounds.
    poller = build_poller()
    # A long-running service has compiled its request path long before a dashboard polls it; a fresh
    # one spends seconds of JIT compilation on it (measured: C2 took 5 s of CPU in the first 10 s of
    # polling), which would be charged to the job. Warm it on a finished job first, both ways.
    finished = call(f"{base}/api/v1/jobs", "POST", dict(CANONICAL, epochs=1, seed=0))["id"]
    wait(base, finished)
    for mode in ([], ["etag"]):
        subprocess.run([poller, "127.0.0.1", str(urllib.parse.urlparse(base).port or 80), f"/api/v1/jobs/{finished}", "200", "15", *mode],
                       check=True, capture_output=True)
    results = {"alone": [], "200/s GET": [], "200/s If-None-Match": []}
    polls = {"200/s GET": [], "200/s If-None-Match": []}
    for seed in range(42, 42 + rounds):
        results["alone"].append(training_rate(base, seed)[0])
        rate, summary = training_rate(base, seed, "plain", poller)
        results["200/s GET"].append(rate)
        polls["200/s GET"].append(summary)
        rate, summary = training_rate(base, seed, "etag", poller)
        results["200/s If-None-Match"].append(rate)
        polls["200/s If-None-Match"].append(summary)
    alone = statistics.median(results["alone"])
    for name, rates in results.items():
        line = (f"{name:<20} {statistics.median(rates):>9,.0f} samples/s ({statistics.median(rates) / alone:.3f} of alone; "
                f"per round {', '.join(f'{r:,.0f}' for r in rates)})")
        if name in polls:
            line += "; polls " + "; ".join(f"{p['requests']} in {p['seconds']:.1f} s ({p['requests'] / p['seconds']:.0f}/s, "
                                            f"{p['ok']} 200, {p['notModified']} 304, {p['other']} other), "
                                            f"p50 {p['p50Ms']:.2f} ms, p99 {p['p99Ms']:.2f} ms, max {p['maxMs']:.1f} ms"
                                            for p in polls[name])
        print(line, flush=True)

    if args.skip_memory:
        return
    # Memory: 50 jobs in a row on the shipped subset.
    rss = []
    for i in range(50):
        wait(base, call(f"{base}/api/v1/jobs", "POST", {"dataset": {"id": "fashion-mnist-small"},
                                                       "model": {"layers": [{"units": 256}]}, "epochs": 2, "batchSize": 64, "seed": i})["id"])
        rss.append(rss_mb())
    print(f"RSS over 50 jobs: after job 1 {rss[0]:.0f} MB, after 10 {rss[9]:.0f} MB, after 50 {rss[-1]:.0f} MB "
          f"(growth after the first: {rss[-1] - rss[0]:+.0f} MB; max {max(rss):.0f} MB)")


if __name__ == "__main__":
    main()
