#!/usr/bin/env python3
"""What live streams cost a training job: the canonical Fashion-MNIST job trained alone, and
again with N clients (default 500) following its event stream on the same node, interleaved
round by round. Reports the job's median samples/s (epochs 2..n) each way, the ratio, and whether
every subscriber received every epoch event and the terminal state (and nothing twice).

    python3 bench/stream_load.py --subscribers 500 --rounds 2 --out /tmp/stream-load.json

The subscribers are threads of this script on the same machine (standard library only, reading
lines, not parsing JSON): on a 2-core host their CPU counts against the job too, so the figure
is an upper bound of what the service's fan-out costs. Nothing else may run meanwhile.
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostinfo  # noqa: E402


def spec(epochs, seed):
    return {"name": "stream-load", "dataset": {"id": "fashion-mnist", "validation": "test"},
            "model": {"layers": [{"type": "dense", "units": 256, "activation": "relu", "dropout": 0.2},
                                 {"type": "dense", "units": 256, "activation": "relu", "dropout": 0.5}]},
            "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.5},
            "epochs": epochs, "batchSize": 256, "seed": seed}


def call(url, method="GET", body=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as r:
        return json.loads(r.read())


class Subscriber(threading.Thread):
    def __init__(self, host, port, job):
        super().__init__(daemon=True)
        self.host, self.port, self.job = host, port, job
        self.ids, self.epochs, self.terminal, self.error = [], 0, None, None
        self.ready = threading.Event()

    def run(self):
        try:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
            conn.request("GET", f"/api/v1/jobs/{self.job}/stream")
            response = conn.getresponse()
            self.ready.set()
            event = None
            current = None
            for raw in response:
                line = raw.decode().rstrip("\n")
                if line.startswith("id:"):
                    current = line[3:]
                elif line.startswith("event:"):
                    event = line[6:]
                elif line.startswith("data:") and event in ("epoch", "state"):
                    self.ids.append(current)  # durable events: ids never repeat
                if line.startswith("data:") and event == "epoch":
                    self.epochs += 1
                elif line.startswith("data:") and event == "state" and '"status":"' in line:
                    status = line.split('"status":"')[1].split('"')[0]
                    if status in ("SUCCEEDED", "FAILED", "CANCELLED"):
                        self.terminal = status
            conn.close()
        except Exception as e:  # noqa: BLE001 — reported per subscriber
            self.error = repr(e)
            self.ready.set()


def one_job(args, subscribers, seed):
    cpu = time.process_time()
    job = call(args.url + "/api/v1/jobs", "POST", spec(args.epochs, seed))["id"]
    host, port = args.url.split("//")[1].split(":")
    threads = [Subscriber(host, int(port), job) for _ in range(subscribers)]
    for t in threads:
        t.start()
    for t in threads:
        t.ready.wait(60)
    while call(f"{args.url}/api/v1/jobs/{job}")["status"] in ("QUEUED", "RUNNING"):
        time.sleep(0.5)
    for t in threads:
        t.join(60)
    metrics = call(f"{args.url}/api/v1/jobs/{job}/metrics")
    rate = statistics.median(m["samplesPerSecond"] for m in metrics[1:])
    complete = sum(1 for t in threads if t.epochs == args.epochs and t.terminal == "SUCCEEDED" and len(set(t.ids)) == len(t.ids))
    errors = [t.error for t in threads if t.error]
    client_cpu = time.process_time() - cpu
    return {"job": job, "subscribers": subscribers, "samplesPerSecond": rate, "complete": complete,
            "errors": errors[:5], "errorCount": len(errors), "clientCpuSeconds": client_cpu,
            "epochEvents": sorted(set(t.epochs for t in threads)) if threads else []}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://localhost:8080")
    p.add_argument("--subscribers", type=int, default=500)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--out")
    args = p.parse_args()
    host = hostinfo.host_info()
    print(hostinfo.one_line(host), flush=True)
    runs = []
    for r in range(args.rounds):
        for n in (0, args.subscribers):
            result = one_job(args, n, 42 + r)
            runs.append(result)
            print(f"round {r + 1}  subscribers {n:4d}  {result['samplesPerSecond']:9.0f} samples/s  "
                  f"complete {result['complete']}/{n}  errors {result['errorCount']}  epoch events {result['epochEvents']}  "
                  f"client CPU {result['clientCpuSeconds']:.2f} s", flush=True)
    alone = statistics.median(x["samplesPerSecond"] for x in runs if x["subscribers"] == 0)
    watched = statistics.median(x["samplesPerSecond"] for x in runs if x["subscribers"] > 0)
    print(f"median samples/s alone {alone:.0f}, with {args.subscribers} subscribers {watched:.0f}: ratio {watched / alone:.3f} "
          f"(cost {100 * (1 - watched / alone):.1f} %)")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"host": host, "args": vars(args), "runs": runs, "alone": alone, "watched": watched}, f, indent=2)


if __name__ == "__main__":
    main()
