#!/usr/bin/env python3
"""What live streams cost a training job: the canonical Fashion-MNIST job trained alone, and
again with N clients (default 500) following its event stream on the same node, interleaved
round by round. Reports the job's median samples/s (epochs 2..n) each way, the ratio, and whether
every subscriber received every epoch event and the terminal state (and nothing twice).

    python3 bench/stream_load.py --subscribers 500 --rounds 4 --out /tmp/stream-load.json

Warm-up rounds come first and are not counted (a service runs warm; a fresh JVM compiles the
streaming paths during its first watched jobs, which cost them up to a fifth). Rounds alternate their order (alone first, then watched first: ABBA), so a drift of the host's
speed during the run does not fall on one side. The subscribers are sockets of this script on the
same machine, all read by one thread with epoll (standard library only, reading lines, not parsing
JSON): on a 2-core host their CPU counts against the job too, so the ratio is an upper bound of
what the service's fan-out costs.
When the service runs on this machine (--pid, found from the port when left out), the CPU time of
its threads during each job is read from /proc and summed by thread kind: what serving the
streams cost the service itself, apart from the host's noise. Nothing else may run meanwhile.
"""
import argparse
import json
import os
import selectors
import socket
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


class Subscriber:
    """One stream's state, fed the bytes its socket receives (HTTP/1.0: no chunked framing to undo)."""

    def __init__(self):
        self.ids, self.epochs, self.terminal, self.error = [], 0, None, None
        self.buffer = b""
        self.headers_done = False
        self.event = None
        self.current = None

    def feed(self, data):
        self.buffer += data
        if not self.headers_done:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = self.buffer.split(b"\r\n", 1)[0]
            if b" 200 " not in status:
                self.error = status.decode(errors="replace")
            self.buffer = self.buffer[end + 4:]
            self.headers_done = True
        *lines, self.buffer = self.buffer.split(b"\n")
        for raw in lines:
            line = raw.rstrip(b"\r")
            if line.startswith(b"id:"):
                self.current = line[3:]
            elif line.startswith(b"event:"):
                self.event = line[6:]
            elif line.startswith(b"data:"):
                if self.event in (b"epoch", b"state"):
                    self.ids.append(self.current)  # durable events: ids never repeat
                if self.event == b"epoch":
                    self.epochs += 1
                elif self.event == b"state" and b'"status":"' in line:
                    status = line.split(b'"status":"')[1].split(b'"')[0].decode()
                    if status in ("SUCCEEDED", "FAILED", "CANCELLED"):
                        self.terminal = status


def follow(host, port, job, n, done):
    """Opens n streams of the job and reads them all on this one thread (epoll), until each ends.

    One thread instead of one per stream: the clients' CPU, which shares the host's two cores with
    the job, stays a small part of what is measured."""
    selector = selectors.DefaultSelector()
    subscribers = []
    request = f"GET /api/v1/jobs/{job}/stream HTTP/1.0\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n".encode()
    for _ in range(n):
        state = Subscriber()
        subscribers.append(state)
        try:
            sock = socket.create_connection((host, port), timeout=30)
            sock.sendall(request)
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ, state)
        except OSError as e:
            state.error = repr(e)
    done["subscribers"] = subscribers
    done["ready"].set()
    while selector.get_map():
        for key, _ in selector.select(timeout=1):
            try:
                data = key.fileobj.recv(65536)
            except OSError as e:
                key.data.error = repr(e)
                data = b""
            if data:
                key.data.feed(data)
            else:
                selector.unregister(key.fileobj)
                key.fileobj.close()


def thread_cpu(pid):
    """CPU seconds of each of the process's threads so far, by thread name (from /proc)."""
    out = {}
    if not pid:
        return out
    tick = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[(tid, name)] = (int(fields[11]) + int(fields[12])) / tick
    return out


def kind(name):
    """Which part of the service a JVM thread belongs to, by the names Tomcat, the JVM and Descent give them."""
    if name.startswith("http-nio") or name.startswith("tomcat"):
        return "http"
    if name.startswith("job-streams") or name.startswith("study-streams") or name.startswith("change-feed"):
        return "streams"
    if name.startswith("scheduling") or name.startswith("study-advance"):
        return "scheduled"
    if "GC" in name or name.startswith("G1") or name.startswith("C1 ") or name.startswith("C2 ") or name.startswith("VM "):
        return "jvm"
    return "training and other"


def cpu_by_kind(before, after):
    kinds = {}
    for key, seconds in after.items():
        kinds[kind(key[1])] = kinds.get(kind(key[1]), 0.0) + seconds - before.get(key, 0.0)
    return {k: round(v, 3) for k, v in sorted(kinds.items())}


def server_pid(url):
    """The pid listening on the URL's port, when it runs here (ss -ltnp), else None."""
    port = url.rsplit(":", 1)[1].split("/")[0]
    try:
        out = os.popen(f"ss -ltnpH 'sport = :{port}'").read()
        return int(out.split("pid=")[1].split(",")[0])
    except (IndexError, ValueError):
        return None


def one_job(args, subscribers, seed):
    cpu = time.process_time()
    service_before = thread_cpu(args.pid)
    job = call(args.url + "/api/v1/jobs", "POST", spec(args.epochs, seed))["id"]
    host, port = args.url.split("//")[1].split(":")
    done = {"ready": threading.Event(), "subscribers": []}
    reader = threading.Thread(target=follow, args=(host, int(port), job, subscribers, done), daemon=True)
    reader.start()
    done["ready"].wait(60)
    while call(f"{args.url}/api/v1/jobs/{job}")["status"] in ("QUEUED", "RUNNING"):
        time.sleep(0.5)
    reader.join(60)
    threads = done["subscribers"]
    metrics = call(f"{args.url}/api/v1/jobs/{job}/metrics")
    rate = statistics.median(m["samplesPerSecond"] for m in metrics[1:])
    complete = sum(1 for t in threads if t.epochs == args.epochs and t.terminal == "SUCCEEDED" and len(set(t.ids)) == len(t.ids))
    errors = [t.error for t in threads if t.error]
    client_cpu = time.process_time() - cpu
    service = cpu_by_kind(service_before, thread_cpu(args.pid))
    return {"job": job, "subscribers": subscribers, "samplesPerSecond": rate,
            "epochSamplesPerSecond": [round(m["samplesPerSecond"]) for m in metrics], "complete": complete, "serviceCpuSeconds": service,
            "errors": errors[:5], "errorCount": len(errors), "clientCpuSeconds": client_cpu,
            "epochEvents": sorted(set(t.epochs for t in threads)) if threads else []}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://localhost:8080")
    p.add_argument("--subscribers", type=int, default=500)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--warmup", type=int, default=2,
                   help="rounds run first and not counted: the JIT compiles the streaming paths during the first watched jobs")
    p.add_argument("--pid", type=int, help="the service's pid, for its per-thread CPU (default: the process on the URL's port)")
    p.add_argument("--out")
    args = p.parse_args()
    args.pid = args.pid or server_pid(args.url)
    host = hostinfo.host_info()
    print(hostinfo.one_line(host), flush=True)
    for w in range(args.warmup):
        for n in (args.subscribers, 0):
            result = one_job(args, n, 142 + w)
            print(f"warm-up {w + 1}  subscribers {n:4d}  {result['samplesPerSecond']:9.0f} samples/s (not counted)", flush=True)
    runs = []
    for r in range(args.rounds):
        for n in ((0, args.subscribers) if r % 2 == 0 else (args.subscribers, 0)):
            result = one_job(args, n, 42 + r)
            runs.append(result)
            print(f"round {r + 1}  subscribers {n:4d}  {result['samplesPerSecond']:9.0f} samples/s  "
                  f"complete {result['complete']}/{n}  errors {result['errorCount']}  epoch events {result['epochEvents']}  "
                  f"client CPU {result['clientCpuSeconds']:.2f} s  service CPU {result['serviceCpuSeconds']}", flush=True)
    pairs = [runs[i + 1]["samplesPerSecond"] / runs[i]["samplesPerSecond"] if runs[i]["subscribers"] == 0
             else runs[i]["samplesPerSecond"] / runs[i + 1]["samplesPerSecond"] for i in range(0, len(runs), 2)]
    print("per-round ratios " + " ".join(f"{x:.3f}" for x in pairs) + f", median {statistics.median(pairs):.3f}")
    alone = statistics.median(x["samplesPerSecond"] for x in runs if x["subscribers"] == 0)
    watched = statistics.median(x["samplesPerSecond"] for x in runs if x["subscribers"] > 0)
    print(f"median samples/s alone {alone:.0f}, with {args.subscribers} subscribers {watched:.0f}: ratio {watched / alone:.3f} "
          f"(cost {100 * (1 - watched / alone):.1f} %)")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"host": host, "args": vars(args), "runs": runs, "alone": alone, "watched": watched, "pairRatios": pairs}, f, indent=2)


if __name__ == "__main__":
    main()
