#!/usr/bin/env python3
"""Throughput of the canonical Fashion-MNIST job: Descent over HTTP, Descent's training core alone
(no Spring, no database), plain PyTorch, and the GEMM bound of this CPU — interleaved A B C A B C …
because this machine is shared and noisy; medians, min–max and per-round ratios.

Setup: Debian's dataset-fashion-mnist and python3-torch (with OpenBLAS: `apt-get install
libopenblas0-pthread`; the script prints which BLAS PyTorch and NumPy load), `mvn -DskipTests
package`, and the service running from the packaged jar in its own JVM, as before the worker pool
(`java -jar target/descent-0.1.0-SNAPSHOT.jar --descent.worker.processes=0 &`: one job on all
threads; bench/worker_pool.py measures the pool). Then:

    /usr/bin/python3 bench/throughput.py --rounds 3 --threads 2 --json-out /tmp/throughput.json --chart docs/throughput.png

The service's first jobs are warm-up, not counted (--warmup, 2): a fresh service JVM compiles its own
paths (Spring, Hibernate, the worker) while its first jobs train, which cost them up to a fifth on 2
cores; the core alone, a small program, reaches its speed in its first job.

Nothing else may run meanwhile: on 2 cores one busy process halves the figures.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostinfo  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOP_PER_SAMPLE = 2 * (784 * 256 + 256 * 256 + 256 * 10) * 3 - 2 * 784 * 256  # forward, weight-grad, input-grad (not of the input)
SPEC = {"name": "throughput", "dataset": {"id": "fashion-mnist", "validation": "test"},
        "model": {"layers": [{"units": 256, "activation": "relu", "dropout": 0.2},
                             {"units": 256, "activation": "relu", "dropout": 0.5}]},
        "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.5}, "epochs": 10, "batchSize": 256}

GEMM = r"""
import numpy as np, time
shapes = [(256,784,256),(256,256,256),(256,256,10),   # forward
          (784,256,256),(256,256,256),(256,256,10),   # weight gradients
          (256,10,256),(256,256,256)]                 # input gradients of layers 2 and 3
mats = [(np.random.rand(m,k).astype(np.float32), np.random.rand(k,n).astype(np.float32)) for m,k,n in shapes]
flops = sum(2*m*k*n for m,k,n in shapes)
for a,b in mats: a@b
best = 0
for _ in range(5):
    t = time.perf_counter()
    for _ in range(50):
        for a,b in mats: a@b
    best = max(best, 50*flops/(time.perf_counter()-t))
print(best/1e9)
"""


def call(url, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def blas_of(python):
    code = "import numpy, torch; print(sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l}))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()


def gemm_gflops(threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    return float(subprocess.run(["/usr/bin/python3", "-c", GEMM], capture_output=True, text=True, env=env, check=True).stdout)


def bench_classpath():
    classpath = os.path.join(ROOT, "target", "bench.classpath")
    if not os.path.exists(classpath):
        subprocess.run(["mvn", "-q", "-B", "-o", "dependency:build-classpath", "-Dmdep.outputFile=" + classpath], cwd=ROOT, check=True)
    return ":".join([os.path.join(ROOT, "target", "classes"), os.path.join(ROOT, "target", "test-classes"), open(classpath).read().strip()])


def libtorch_gemm_gflops(threads):
    """libtorch's MKL at the same shapes, as Descent runs it (io.descent.bench.GemmRate): (GFLOP/s, MKL's instruction set)."""
    out = subprocess.run(["java", f"-Dai.djl.pytorch.num_threads={threads}", "-cp", bench_classpath(), "io.descent.bench.GemmRate"],
                         capture_output=True, text=True, env=dict(os.environ, DJL_OFFLINE="true"), check=True).stdout
    lines = out.strip().splitlines()
    processor = next((l.split(":", 1)[1].strip() for l in lines if l.startswith("mkl processor:")), "unknown")
    return float(lines[-1]), processor


def descent(base, seed):
    start = time.perf_counter()
    job = call(base + "/api/v1/jobs", "POST", dict(SPEC, seed=seed))
    while job["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
        time.sleep(0.2)
        job = call(base + "/api/v1/jobs/" + job["id"])
    wall = time.perf_counter() - start
    rows = call(base + "/api/v1/jobs/" + job["id"] + "/metrics")
    return {"samplesPerSecond": statistics.median(r["samplesPerSecond"] for r in rows[1:]),
            "testAccuracy": rows[-1]["validationAccuracy"], "wallSeconds": wall}


def djl_alone(seed):
    out = subprocess.run(["java", "-cp", bench_classpath(), "io.descent.bench.DjlAlone", str(seed)], capture_output=True, text=True,
                         env=dict(os.environ, DJL_OFFLINE="true"), check=True).stdout
    result = json.loads([l for l in out.splitlines() if l.startswith("{")][-1])
    return {"samplesPerSecond": statistics.median(result["samplesPerSecond"][1:]), "testAccuracy": result["testAccuracy"]}


def pytorch(seed, intra, blas):
    """Plain PyTorch on the same job with `intra` intra-op threads and OpenBLAS on `blas` threads."""
    out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "pytorch_mlp.py"), "--seeds", str(seed), "--threads", str(intra),
                          "--blas-threads", str(blas)], capture_output=True, text=True, check=True).stdout
    line = [l for l in out.splitlines() if l.startswith("seed")][-1]
    accuracy = float(line.split("test accuracy ")[1].split(",")[0])
    rate = float(line.split("(epochs 2..N) ")[1].replace(",", ""))
    return {"samplesPerSecond": rate, "testAccuracy": accuracy}


def service_peak_rss_mb():
    pids = subprocess.run(["pgrep", "-f", "descent-.*\\.jar"], capture_output=True, text=True).stdout.split()
    for pid in pids:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return None


def spread(values):
    return f"{statistics.median(values):>9,.0f}  ({min(values):,.0f}–{max(values):,.0f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2,
                        help="service jobs run first and not counted: a fresh service JVM compiles its own paths during its first jobs")
    parser.add_argument("--json-out")
    parser.add_argument("--chart")
    args = parser.parse_args()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    host = hostinfo.host_info()
    print(f"throughput  {time.strftime('%Y-%m-%dT%H:%M:%S')}  threads={args.threads}")
    print("host: " + hostinfo.one_line(host))
    print(f"BLAS loaded by Debian's python3 (numpy + torch): {blas_of('/usr/bin/python3')} ({host['blas']['kind']})")
    # The bound uses the fastest GEMM measured on this CPU: NumPy on OpenBLAS, or libtorch's MKL
    # with its kernels chosen by CPU features (which is what Descent runs).
    openblas = gemm_gflops(args.threads)
    mkl, mkl_processor = libtorch_gemm_gflops(args.threads)
    print(f"MKL (libtorch, as Descent runs it) reports: {mkl_processor}")
    peak = host["fp32Peak"]
    if peak["gflops"]:
        print(f"float32 peak of these cores: {peak['gflops']:.0f} GFLOP/s ({peak['basis']})")
    gflops = max(openblas, mkl)
    bound = gflops * 1e9 / FLOP_PER_SAMPLE
    openblas_bound = openblas * 1e9 / FLOP_PER_SAMPLE
    print(f"GEMM at this network's shapes on {args.threads} thread(s): OpenBLAS (NumPy) {openblas:.1f} GFLOP/s, "
          f"libtorch MKL {mkl:.1f} GFLOP/s; {FLOP_PER_SAMPLE / 1e6:.2f} MFLOP per sample → bound {bound:,.0f} samples/s "
          f"(OpenBLAS alone: {openblas_bound:,.0f})")
    # PyTorch at every intra-op × OpenBLAS thread setting up to the cores, in every round; Descent is
    # compared with the setting whose median is best (its best on this host, in this run).
    settings = [(i, b) for i in range(1, args.threads + 1) for b in range(1, args.threads + 1)]
    for w in range(args.warmup):
        print(f"warm-up job {w + 1}: {descent(args.url, 31 + w)['samplesPerSecond']:,.0f}/s (not counted)", flush=True)
    runs = {"descent": [], "djl": []}
    torch_runs = {s: [] for s in settings}
    for r in range(1, args.rounds + 1):
        seed = 41 + r
        runs["descent"].append(descent(args.url, seed))
        runs["djl"].append(djl_alone(seed))
        for s_ in settings:
            torch_runs[s_].append(pytorch(seed, *s_))
        print(f"round {r}: " + "  ".join(f"{k} {v[-1]['samplesPerSecond']:,.0f}/s acc {v[-1]['testAccuracy']:.4f}" for k, v in runs.items())
              + "  pytorch " + " ".join(f"{i}x{b}:{torch_runs[(i, b)][-1]['samplesPerSecond']:,.0f}" for i, b in settings), flush=True)
    best_setting = max(settings, key=lambda s_: statistics.median(x["samplesPerSecond"] for x in torch_runs[s_]))
    runs["pytorch"] = torch_runs[best_setting]
    print("PyTorch by setting (intra-op threads x OpenBLAS threads), median samples/s: "
          + ", ".join(f"{i}x{b} {statistics.median(x['samplesPerSecond'] for x in torch_runs[(i, b)]):,.0f}" for i, b in settings)
          + f"; best {best_setting[0]}x{best_setting[1]}")
    rates = {k: [x["samplesPerSecond"] for x in v] for k, v in runs.items()}
    print("\nsamples/s (median of epochs 2..10 per run; median over runs, min–max)")
    for name in ("descent", "djl", "pytorch"):
        print(f"  {name:<8} {spread(rates[name])}   {statistics.median(rates[name]) / bound:.0%} of the bound "
              f"({statistics.median(rates[name]) / openblas_bound:.0%} of the OpenBLAS bound)")
    ratio_djl = [a / b for a, b in zip(rates["descent"], rates["djl"])]
    ratio_torch = [a / b for a, b in zip(rates["descent"], rates["pytorch"])]
    print(f"Descent / DJL alone (per round): median {statistics.median(ratio_djl):.3f}  {[round(x, 3) for x in ratio_djl]}")
    print(f"Descent / PyTorch   (per round, PyTorch at {best_setting[0]}x{best_setting[1]}): median {statistics.median(ratio_torch):.3f}  "
          f"{[round(x, 3) for x in ratio_torch]}")
    of_bound = statistics.median(rates["descent"]) / bound
    targets = [("Descent >= 1.3 x PyTorch at its best", statistics.median(ratio_torch), 1.3),
               ("service >= 0.97 x training core alone", statistics.median(ratio_djl), 0.97),
               ("Descent >= 70 % of the measured GEMM bound", of_bound, 0.70)]
    for name, value, goal in targets:
        print(f"target {name}: {value:.3f} -> {'met' if value >= goal else 'NOT met'}")
    print(f"submit → SUCCEEDED wall time: {spread([x['wallSeconds'] for x in runs['descent']])} s")
    rss = service_peak_rss_mb()
    print(f"service peak RSS (VmHWM): {rss:.0f} MB" if rss else "service peak RSS: not found")
    summary = {"host": host, "mklProcessor": mkl_processor, "pytorchSettings": {f"{i}x{b}": v for (i, b), v in torch_runs.items()},
               "pytorchBest": f"{best_setting[0]}x{best_setting[1]}", "targets": {n: [v, g] for n, v, g in targets}, "gemmGflops": gflops, "openblasGflops": openblas, "libtorchMklGflops": mkl, "boundSamplesPerSecond": bound,
               "openblasBoundSamplesPerSecond": openblas_bound, "runs": runs, "ratioDescentDjl": ratio_djl,
               "ratioDescentPytorch": ratio_torch, "servicePeakRssMb": rss}
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(summary, f, indent=1)
    if args.chart:
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            print("no matplotlib (apt-get install python3-matplotlib); chart skipped", file=sys.stderr)
            return
        names = ["Descent (HTTP)", "Descent core alone", "PyTorch 1.13", "GEMM bound"]
        values = [statistics.median(rates["descent"]), statistics.median(rates["djl"]), statistics.median(rates["pytorch"]), bound]
        fig, ax = plt.subplots(figsize=(7, 4))
        bars = ax.bar(names, values, color=["#2b6cb0", "#63b3ed", "#ed8936", "#a0aec0"])
        for bar, value in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, value, f"{value:,.0f}\n{value / bound:.0%} of bound", ha="center", va="bottom", fontsize=8)
        ax.set_ylabel("training samples / s")
        ax.set_title(f"Canonical Fashion-MNIST MLP, {args.threads} threads, {cpu}", fontsize=9)
        ax.set_ylim(0, bound * 1.2)
        fig.tight_layout()
        fig.savefig(args.chart, dpi=120)
        print(f"chart: {args.chart}")


if __name__ == "__main__":
    main()
