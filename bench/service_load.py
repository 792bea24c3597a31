#!/usr/bin/env python3
"""Service-level figures for issue 6: start latency with a warm engine, the cost of dashboards
polling a training job (200 GET/s, with and without If-None-Match), and resident memory over 50 jobs.

Start the packaged service alone first (nothing else running), with Debian's dataset-fashion-mnist:

    java -jar target/descent-0.1.0-SNAPSHOT.jar --descent.data-dir=/tmp/descent-load &
    python3 bench/service_load.py
"""
import argparse
import json
import statistics
import subprocess
import threading
import time
import urllib.error
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


def poller(base, job, rate, seconds, etag, latencies, stop):
    interval = 1 / rate
    next_at = time.perf_counter()
    headers = {}
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and not stop.is_set():
        start = time.perf_counter()
        req = urllib.request.Request(f"{base}/api/v1/jobs/{job}", headers=headers)
        try:
            with urllib.request.urlopen(req) as r:
                r.read()
                if etag:
                    headers = {"If-None-Match": r.headers["ETag"]}
        except urllib.error.HTTPError as e:
            if e.code != 304:
                raise
        latencies.append((time.perf_counter() - start) * 1000)
        next_at += interval
        time.sleep(max(0, next_at - time.perf_counter()))


def training_rate(base, seed, polling=None):
    job = call(f"{base}/api/v1/jobs", "POST", dict(CANONICAL, seed=seed))["id"]
    latencies, stop, thread = [], threading.Event(), None
    if polling:
        thread = threading.Thread(target=poller, args=(base, job, 200, 600, polling == "etag", latencies, stop))
        thread.start()
    wait(base, job)
    stop.set()
    if thread:
        thread.join()
    rows = call(f"{base}/api/v1/jobs/{job}/metrics")
    return statistics.median(r["samplesPerSecond"] for r in rows[1:]), latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8080")
    base = parser.parse_args().url
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

    # Polling: the canonical job alone, with 200 GET/s, with 200 conditional GET/s; twice, interleaved.
    results = {"alone": [], "200/s GET": [], "200/s If-None-Match": []}
    latency = {"200/s GET": [], "200/s If-None-Match": []}
    for seed in (42, 43):
        results["alone"].append(training_rate(base, seed)[0])
        rate, lat = training_rate(base, seed, "plain")
        results["200/s GET"].append(rate)
        latency["200/s GET"] += lat
        rate, lat = training_rate(base, seed, "etag")
        results["200/s If-None-Match"].append(rate)
        latency["200/s If-None-Match"] += lat
    alone = statistics.median(results["alone"])
    for name, rates in results.items():
        line = f"{name:<20} {statistics.median(rates):>9,.0f} samples/s ({statistics.median(rates) / alone:.3f} of alone)"
        if name in latency:
            q = statistics.quantiles(latency[name], n=100)
            line += f"; {len(latency[name])} polls, p50 {q[49]:.1f} ms, p99 {q[98]:.1f} ms"
        print(line)

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
