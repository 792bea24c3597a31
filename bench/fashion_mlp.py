#!/usr/bin/env python3
"""Acceptance benchmark: the reference Fashion-MNIST MLP, trained by a running Descent service.

Submits the canonical job (784-256-256-10, ReLU, dropout 0.2/0.5, SGD lr 0.5, batch 256,
validation on the 10,000-image test split) once per seed, strictly one after another, waits for
each to finish, and prints its per-epoch metrics and a summary. The run passes when every seed
reaches a final test accuracy of at least 0.84 and the median over seeds is at least 0.85.

How to run it:

  1. Install the full dataset where the service reads it (Debian/Ubuntu):
         apt-get install dataset-fashion-mnist      # -> /usr/share/datasets/fashion-mnist
  2. Start the service, with nothing else training on it:
         mvn spring-boot:run
     or  mvn -DskipTests package && java -jar target/descent-0.1.0-SNAPSHOT.jar
     or  docker compose up --build -d
  3. Run the benchmark (standard library only):
         python3 bench/fashion_mlp.py
         python3 bench/fashion_mlp.py --seeds 42 --epochs 2       # a quick smoke run
         python3 bench/fashion_mlp.py --json-out bench/results/$(date +%F).json

Exit status: 0 when the acceptance holds, 1 when it does not, 2 when a job failed or was
cancelled, or the service could not be reached or refused the job.

Figures: "wall s" is measured by this client from the submit to the poll that saw the job
finished, so it includes queueing, dataset loading and up to --poll seconds of polling slack;
samples/s is the service's own per-epoch figure, whose median skips epoch 1 (warm-up). The
header's CPU line describes the machine this script runs on, which is the service's only when
--url points at this machine.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.request

FINISHED = ("SUCCEEDED", "FAILED", "CANCELLED")
MIN_ACCURACY = 0.84  # every seed
MIN_MEDIAN_ACCURACY = 0.85  # median over seeds
HTTP_TIMEOUT_S = 30


class BenchError(Exception):
    """Ends the run with exit status 2 and the message."""


class Unreachable(BenchError):
    """No HTTP answer at all."""


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Train the reference Fashion-MNIST MLP on a running Descent service, "
        "one seed after another, and check the acceptance (every seed >= %.2f, median >= %.2f)."
        % (MIN_ACCURACY, MIN_MEDIAN_ACCURACY))
    p.add_argument("--url", default="http://localhost:8080", help="service base URL (default: %(default)s)")
    p.add_argument("--seeds", default="42,43,44", help="comma-separated seeds (default: %(default)s)")
    p.add_argument("--epochs", type=int, default=10, help="epochs per job (default: %(default)s)")
    p.add_argument("--dataset", default="fashion-mnist", help="dataset id (default: %(default)s)")
    p.add_argument("--poll", type=float, default=1.0, help="seconds between status polls (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=3600.0,
                   help="give up on a job after this many seconds (default: %(default)s)")
    p.add_argument("--json-out", metavar="PATH", help="also write the raw metric rows and the summary as JSON")
    args = p.parse_args(argv)
    try:
        args.seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        p.error("--seeds must be comma-separated integers, got %r" % args.seeds)
    if not args.seeds:
        p.error("--seeds names no seed")
    if args.epochs < 1:
        p.error("--epochs must be at least 1")
    if args.poll <= 0:
        p.error("--poll must be positive")
    args.url = args.url.rstrip("/")
    return args


def job_spec(seed, epochs, dataset):
    """The canonical reference job; only the seed, epochs and dataset id vary."""
    return {
        "name": "fashion-mlp-seed%d" % seed,
        "dataset": {"id": dataset, "validation": "test"},
        "model": {"layers": [
            {"type": "dense", "units": 256, "activation": "relu", "dropout": 0.2},
            {"type": "dense", "units": 256, "activation": "relu", "dropout": 0.5},
        ]},
        "loss": {"type": "cross_entropy"},
        "optimizer": {"type": "sgd", "lr": 0.5, "momentum": 0.0, "weightDecay": 0.0},
        "schedule": {"type": "constant"},
        "epochs": epochs,
        "batchSize": 256,
        "seed": seed,
        "device": "auto",
    }


# --- HTTP -------------------------------------------------------------------------------------

def http_json(method, url, body=None, expect=(200,)):
    """Sends a request and returns the decoded JSON body; BenchError on anything unexpected."""
    data = None
    headers = {"Accept": "application/json"}
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT_S) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise Unreachable("%s %s: cannot reach the service (%s). Is it running?" % (method, url, reason))
    text = raw.decode("utf-8", errors="replace")
    if status not in expect:
        raise BenchError("%s %s: HTTP %d, expected %s\n%s" % (method, url, status, "/".join(map(str, expect)),
                                                              pretty(text)))
    try:
        return json.loads(text) if text else None
    except ValueError:
        raise BenchError("%s %s: HTTP %d with a body that is not JSON:\n%s" % (method, url, status, text[:2000]))


def pretty(text):
    try:
        return json.dumps(json.loads(text), indent=2)
    except ValueError:
        return text[:2000]


# --- Host and service facts -------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def nproc():
    """What `nproc` prints: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 0


def check_dataset(url, dataset):
    """Fails early when the service knows the dataset but has not got it; returns its description."""
    try:
        datasets = http_json("GET", url + "/api/v1/datasets")
    except Unreachable:
        raise
    except BenchError as e:
        print("note: could not list datasets (%s); submitting anyway" % str(e).splitlines()[0])
        return None
    if isinstance(datasets, dict):  # tolerate a wrapped list
        datasets = datasets.get("items", [])
    for d in datasets or []:
        if isinstance(d, dict) and d.get("id") == dataset:
            if d.get("available") is False:
                raise BenchError("the service has dataset %r but not its files: %s" % (dataset, d.get("source") or d))
            return d
    return None


# --- One job ----------------------------------------------------------------------------------

def run_job(args, seed):
    """Submits one job, waits for it, and returns (job, metric rows, wall seconds)."""
    started = time.monotonic()
    job = http_json("POST", args.url + "/api/v1/jobs", job_spec(seed, args.epochs, args.dataset), expect=(201,))
    if not isinstance(job, dict) or not job.get("id"):
        raise BenchError("POST /api/v1/jobs answered 201 without an id: %r" % (job,))
    job_id = job["id"]
    print("seed %d: job %s submitted" % (seed, job_id), flush=True)

    last_epoch = None
    while job.get("status") not in FINISHED:
        if time.monotonic() - started > args.timeout:
            raise BenchError("seed %d: job %s not finished after %.0f s (status %s); it is still on the "
                             "service: cancel it with POST %s/api/v1/jobs/%s/cancel"
                             % (seed, job_id, args.timeout, job.get("status"), args.url, job_id))
        time.sleep(args.poll)
        job = http_json("GET", "%s/api/v1/jobs/%s" % (args.url, job_id))
        epoch = job.get("currentEpoch")
        if epoch != last_epoch and job.get("status") == "RUNNING":
            print("  ... %s epoch %s/%s" % (job.get("status"), epoch, job.get("totalEpochs")), flush=True)
            last_epoch = epoch
    wall = time.monotonic() - started

    if job["status"] != "SUCCEEDED":
        error = job.get("error")
        raise BenchError("seed %d: job %s ended %s after %.1f s; error:\n%s"
                         % (seed, job_id, job["status"], wall, json.dumps(error, indent=2)))

    rows = http_json("GET", "%s/api/v1/jobs/%s/metrics" % (args.url, job_id)) or []
    rows = sorted(rows, key=lambda r: r.get("epoch", 0))
    if len(rows) != args.epochs:
        print("warning: seed %d has %d metric rows for %d epochs" % (seed, len(rows), args.epochs))
    return job, rows, wall


# --- Output -----------------------------------------------------------------------------------

COLUMNS = (
    # header, key, width, format
    ("epoch", "epoch", 5, "{:d}"),
    ("train loss", "trainLoss", 10, "{:.4f}"),
    ("train acc", "trainAccuracy", 9, "{:.4f}"),
    ("val loss", "validationLoss", 9, "{:.4f}"),
    ("val acc", "validationAccuracy", 8, "{:.4f}"),
    ("lr", "learningRate", 8, "{:.4g}"),
    ("ms", "durationMs", 8, "{:d}"),
    ("samples/s", "samplesPerSecond", 10, "{:.0f}"),
)


def cell(value, fmt):
    if value is None:
        return "-"
    try:
        return fmt.format(value)
    except (ValueError, TypeError):
        return str(value)


def print_table(rows):
    print("  ".join(h.rjust(w) for h, _, w, _ in COLUMNS))
    print("  ".join("-" * w for _, _, w, _ in COLUMNS))
    for r in rows:
        print("  ".join(cell(r.get(k), f).rjust(w) for _, k, w, f in COLUMNS))


def seed_summary(seed, job, rows, wall):
    final_acc = rows[-1].get("validationAccuracy") if rows else None
    # Epoch 1 carries the warm-up (first native calls, allocator growth); with one epoch there is nothing else.
    steady = [r["samplesPerSecond"] for r in rows if r.get("epoch", 0) >= 2 and r.get("samplesPerSecond") is not None]
    if not steady:
        steady = [r["samplesPerSecond"] for r in rows if r.get("samplesPerSecond") is not None]
    return {
        "seed": seed,
        "jobId": job.get("id"),
        "finalValidationAccuracy": final_acc,
        "medianSamplesPerSecond": statistics.median(steady) if steady else None,
        "wallSeconds": round(wall, 3),
        "epochs": len(rows),
        "startedAt": job.get("startedAt"),
        "finishedAt": job.get("finishedAt"),
    }


def summarise(per_seed):
    accs = [s["finalValidationAccuracy"] for s in per_seed]
    known = [a for a in accs if a is not None]
    median_acc = statistics.median(known) if known else None
    min_acc = min(known) if known else None
    passed = (len(known) == len(accs) and len(known) > 0
              and min_acc >= MIN_ACCURACY and median_acc >= MIN_MEDIAN_ACCURACY)
    return {
        "seeds": per_seed,
        "medianAccuracy": median_acc,
        "minAccuracy": min_acc,
        "acceptance": {"everySeedAtLeast": MIN_ACCURACY, "medianAtLeast": MIN_MEDIAN_ACCURACY},
        "result": "PASS" if passed else "FAIL",
    }


def print_summary(summary):
    print()
    print("Summary")
    print("%6s  %14s  %18s  %8s" % ("seed", "final test acc", "median samples/s*", "wall s"))
    print("%6s  %14s  %18s  %8s" % ("-" * 6, "-" * 14, "-" * 18, "-" * 8))
    for s in summary["seeds"]:
        print("%6d  %14s  %18s  %8.1f" % (s["seed"], cell(s["finalValidationAccuracy"], "{:.4f}"),
                                          cell(s["medianSamplesPerSecond"], "{:.0f}"), s["wallSeconds"]))
    print("* over epochs 2..N")
    print()
    print("median accuracy over seeds: %s" % cell(summary["medianAccuracy"], "{:.4f}"))
    print("min accuracy:               %s" % cell(summary["minAccuracy"], "{:.4f}"))
    print("acceptance (every seed >= %.2f, median >= %.2f): %s"
          % (MIN_ACCURACY, MIN_MEDIAN_ACCURACY, summary["result"]))


def write_json(path, header, raw, summary):
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"header": header, "runs": raw, "summary": summary}, f, indent=2)
        f.write("\n")
    print("wrote %s" % path)


# --- Main -------------------------------------------------------------------------------------

def main(argv=None):
    args = parse_args(argv)
    header = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "url": args.url,
        "nproc": nproc(),
        "cpu": cpu_model(),
        "seeds": args.seeds,
        "epochs": args.epochs,
        "dataset": args.dataset,
    }
    print("fashion_mlp  %s  url=%s  nproc=%d  cpu=%s"
          % (header["date"], header["url"], header["nproc"], header["cpu"]))

    raw, per_seed = [], []
    try:
        info = check_dataset(args.url, args.dataset)
        if info:
            header["datasetInfo"] = info
            print("dataset %s: %s train / %s test samples" % (args.dataset, info.get("trainSamples"), info.get("testSamples")))
        # One job at a time: the service trains one job per process, and overlapping jobs would
        # share the CPU and spoil each other's throughput figures.
        for seed in args.seeds:
            print()
            job, rows, wall = run_job(args, seed)
            print("seed %d: %s in %.1f s" % (seed, job["status"], wall))
            print_table(rows)
            raw.append({"seed": seed, "jobId": job.get("id"), "wallSeconds": round(wall, 3), "rows": rows})
            per_seed.append(seed_summary(seed, job, rows, wall))
    except BenchError as e:
        sys.stdout.flush()  # keep the table and the error in order when both go to one file
        print("error: %s" % e, file=sys.stderr)
        if args.json_out and raw:
            write_json(args.json_out, header, raw, {"result": "ERROR", "error": str(e), "seeds": per_seed})
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted; a submitted job may still be running on the service", file=sys.stderr)
        return 130

    summary = summarise(per_seed)
    print_summary(summary)
    if args.json_out:
        write_json(args.json_out, header, raw, summary)
    return 0 if summary["result"] == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
