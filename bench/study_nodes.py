#!/usr/bin/env python3
"""Does the queue serialize a study's trials across nodes? Trial-epochs per hour of one study on one
node against the same study on two nodes sharing a PostgreSQL database, on this one machine (so the
two nodes split its cores: 1 intra-op thread each, against 2 for the single node, and 1 for a
single node as the per-node baseline). Each node trains in its own JVM (descent.worker.processes=0):
this measures nodes, bench/worker_pool.py measures trainer processes within one node.

Starts a throwaway PostgreSQL (Debian's postgresql package, run as user postgres on a free port,
deleted afterwards) and the packaged jar (`mvn -DskipTests package` first), runs the study once per
setup, and prints trial-epochs per hour for each with the host record.

    /usr/bin/python3 bench/study_nodes.py --trials 8 --epochs 2 --out /tmp/study-nodes.json

Nothing else may run meanwhile.
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
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostinfo  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1] if glob.glob("/usr/lib/postgresql/*/bin") else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url, method="GET", body=None):
    req = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


class Postgres:
    """A throwaway cluster owned by the postgres user (PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="descent-pg-")
        shutil.chown(self.dir, "postgres")
        self.port = free_port()
        as_pg = ["runuser", "-u", "postgres", "--"]
        subprocess.run(as_pg + [f"{PG_BIN}/initdb", "-D", self.dir + "/data", "-U", "postgres", "-A", "trust"], check=True,
                       capture_output=True)
        subprocess.run(as_pg + [f"{PG_BIN}/pg_ctl", "-D", self.dir + "/data", "-o", f"-p {self.port} -k {self.dir}", "-l",
                                self.dir + "/log", "-w", "start"], check=True, capture_output=True)
        self.url = f"jdbc:postgresql://127.0.0.1:{self.port}/postgres"

    def stop(self):
        subprocess.run(["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl", "-D", self.dir + "/data", "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def start_node(name, port, shared, settings):
    jar = glob.glob(os.path.join(ROOT, "target", "descent-*.jar"))[0]
    log = open(os.path.join(shared, name + ".log"), "w")
    process = subprocess.Popen(["java", "-jar", jar, f"--server.port={port}", f"--descent.node.name={name}", f"--descent.data-dir={shared}",
                                "--logging.level.root=WARN"] + settings, stdout=log, stderr=subprocess.STDOUT,
                               env=dict(os.environ, DJL_OFFLINE="true"))
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/health", timeout=2)
            return process
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"node {name} did not start; see {log.name}")


def study(args, seed):
    return {"name": "study-nodes", "seed": seed, "trials": args.trials, "maxConcurrentTrials": 2, "preflight": "off",
            "base": {"dataset": {"id": "fashion-mnist", "validation": 0.1},
                     "model": {"layers": [{"units": 256, "activation": "relu", "dropout": 0.2},
                                          {"units": 256, "activation": "relu", "dropout": 0.5}]},
                     "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9}, "epochs": args.epochs, "batchSize": 256, "seed": 1},
            "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.3}}}


def run(args, setup, nodes, threads):
    pg = Postgres()
    shared = tempfile.mkdtemp(prefix="descent-nodes-")
    processes = []
    try:
        settings = [f"--spring.datasource.url={pg.url}", "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    f"--descent.engine.threads={threads}", "--descent.worker.processes=0"]
        ports = [free_port() for _ in range(nodes)]
        for i, port in enumerate(ports):
            processes.append(start_node(f"node-{i + 1}", port, shared, settings))
        base = f"http://127.0.0.1:{ports[0]}"
        start = time.time()
        created = call(base + "/api/v1/studies", "POST", study(args, 7))
        view = created
        while view["status"] == "RUNNING":
            time.sleep(0.5)
            view = call(base + "/api/v1/studies/" + created["id"])
        wall = time.time() - start
        trials = call(base + "/api/v1/jobs?size=100&study=" + created["id"])["items"]
        by_node = {}
        for t in trials:
            by_node[t.get("node")] = by_node.get(t.get("node"), 0) + 1
        result = {"setup": setup, "nodes": nodes, "threads": threads, "status": view["status"], "trialEpochs": view["trialEpochs"],
                  "wallSeconds": round(wall, 1), "trialEpochsPerHour": round(view["trialEpochs"] / wall * 3600), "trialsByNode": by_node}
        print(f"{setup:<28} {result['trialEpochs']} trial-epochs in {wall:6.1f} s -> {result['trialEpochsPerHour']:>6} per hour"
              f"   trials by node {by_node}   {view['status']}", flush=True)
        return result
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(60)
        pg.stop()
        shutil.rmtree(shared, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trials", type=int, default=8)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--out")
    args = p.parse_args()
    if PG_BIN is None:
        sys.exit("needs Debian's PostgreSQL: apt-get install -y postgresql")
    host = hostinfo.host_info()
    print(hostinfo.one_line(host), flush=True)
    results = [run(args, "1 node, 2 threads", 1, 2), run(args, "2 nodes, 1 thread each", 2, 1), run(args, "1 node, 1 thread", 1, 1)]
    one, two, single = results
    print(f"2 nodes / 1 node (2 threads): {two['trialEpochsPerHour'] / one['trialEpochsPerHour']:.2f}x; "
          f"2 nodes / 1 node (1 thread): {two['trialEpochsPerHour'] / single['trialEpochsPerHour']:.2f}x")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"host": host, "args": vars(args), "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
