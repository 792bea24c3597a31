#!/usr/bin/python3
"""A real Prometheus scrapes a real node every second while it trains the canonical Fashion-MNIST
job; a range query over the run then shows whether descent_training_samples_total rises within
epochs (issue 17's acceptance). Needs Debian's `prometheus` package, the packaged jar
(`mvn -B -o -q -DskipTests package`) and the dataset-fashion-mnist package.

    /usr/bin/python3 deploy/prometheus/range_check.py [--epochs 3] [--batch-size 32]

Prints the samples of the range query, one per second, with the epoch each falls in, and a verdict.
"""
import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def wait_for(url, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            time.sleep(0.5)
    sys.exit("no answer from " + url)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    # Batches of 32: the canonical network with epochs of several seconds here, so a 1 s scrape
    # lands several times inside each (at 256 an epoch takes under a second on a fast host).
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    jar = sorted(glob.glob(os.path.join(ROOT, "target", "descent-*.jar")))[-1]
    work = tempfile.mkdtemp(prefix="descent-prom-")
    port, prom_port = free_port(), free_port()
    with open(os.path.join(work, "prometheus.yml"), "w") as f:
        f.write(f"""global:
  scrape_interval: 1s
scrape_configs:
  - job_name: descent
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:{port}"]
""")
    node = subprocess.Popen(["java", "-jar", jar, f"--server.port={port}", f"--descent.data-dir={work}/data"],
                            stdout=open(os.path.join(work, "node.log"), "w"), stderr=subprocess.STDOUT,
                            env=dict(os.environ, DJL_OFFLINE="true"))
    prom = subprocess.Popen(["prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/tsdb",
                             f"--web.listen-address=127.0.0.1:{prom_port}"],
                            stdout=open(os.path.join(work, "prometheus.log"), "w"), stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/actuator/health", 120)
        wait_for(f"http://127.0.0.1:{prom_port}/-/ready", 60)
        time.sleep(3)
        start = time.time()
        job = call(base + "/api/v1/jobs", "POST", {
            "name": "range-check", "dataset": {"id": "fashion-mnist", "validation": "test"},
            "model": {"layers": [{"units": 256, "activation": "relu", "dropout": 0.2},
                                 {"units": 256, "activation": "relu", "dropout": 0.5}]},
            "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.5},
            "epochs": args.epochs, "batchSize": args.batch_size, "seed": 42})
        while job["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
            time.sleep(0.5)
            job = call(base + "/api/v1/jobs/" + job["id"])
        time.sleep(3)
        end = time.time()
        query = urllib.parse.urlencode({"query": "descent_training_samples_total", "start": start, "end": end, "step": "1s"})
        result = call(f"http://127.0.0.1:{prom_port}/api/v1/query_range?{query}")["data"]["result"]
        values = [(float(t), float(v)) for t, v in result[0]["values"]]
        print(f"job {job['id']} {job['status']}, {args.epochs} epochs of 60,000 samples in batches of {args.batch_size};"
              " Prometheus scraping every 1 s")
        print("  t (s)   descent_training_samples_total   epoch")
        for t, v in values:
            print(f"  {t - start:6.1f}   {v:>12,.0f}   {int(v // 60000) + 1 if v < args.epochs * 60000 else args.epochs}{'' if v % 60000 else '  (boundary)'}")
        inside = [v for _, v in values if 0 < v < args.epochs * 60000 and v % 60000]
        distinct = sorted(set(inside))
        print(f"{len(distinct)} distinct values strictly inside epochs (of {len(set(v for _, v in values))} distinct values);"
              f" final {values[-1][1]:,.0f} (expected {args.epochs * 60000:,})")
        ok = len(distinct) >= 2 * args.epochs and values[-1][1] == args.epochs * 60000
        print("PASS: the counter rises within epochs" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        prom.terminate()
        node.terminate()
        prom.wait()
        node.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
