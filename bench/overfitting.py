#!/usr/bin/env python3
"""The overfitting demo of training-reference.md, as two Descent jobs over HTTP.

Linear regression on the built-in `synthetic-linear` dataset (d = 200 inputs, 20 training and 100
test samples), weights initialised from N(0, 1), SGD lr 0.003, batch 5, 100 epochs, squared loss;
once without weight decay and once with an L2 penalty λ = 3 (weights only). Prints train loss, test
loss and ‖w‖ every 10 epochs for both. Start the service first (`mvn spring-boot:run`), then:

    python3 bench/overfitting.py [--url http://localhost:8080] [--l2 3]

Note on the loss: Descent's `mse` is PyTorch's MSELoss, (ŷ − y)², whose gradient is twice that of
the textbook's squared loss (ŷ − y)²/2; `--textbook` halves lr and doubles λ so that the updates are
exactly the textbook's (lr 0.003 on ½-squared loss with λ = 3).
"""
import argparse
import json
import sys
import time
import urllib.request


def call(url, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def run(base, l2, lr):
    spec = {
        "name": f"overfitting-l2-{l2:g}",
        "dataset": {"id": "synthetic-linear", "validation": "test"},
        "model": {"layers": [], "init": {"type": "normal", "mean": 0.0, "std": 1.0}},
        "loss": {"type": "mse"},
        "optimizer": {"type": "sgd", "lr": lr},
        "regularization": {"l2": l2},
        "epochs": 100, "batchSize": 5, "seed": 1,
    }
    job = call(base + "/api/v1/jobs", "POST", spec)
    while True:
        job = call(base + "/api/v1/jobs/" + job["id"])
        if job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(0.5)
    if job["status"] != "SUCCEEDED":
        sys.exit(f"job ended {job['status']}: {job.get('error')}")
    return call(base + "/api/v1/jobs/" + job["id"] + "/metrics")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--textbook", action="store_true", help="halve lr and double λ to match the ½-squared-loss updates")
    args = parser.parse_args()
    lr, l2 = (0.0015, 2 * args.l2) if args.textbook else (0.003, args.l2)
    runs = {"no decay": run(args.url, 0.0, lr), f"l2 = {l2:g}": run(args.url, l2, lr)}
    print(f"synthetic-linear, SGD lr {lr}, batch 5, 100 epochs, mse{' (textbook-equivalent)' if args.textbook else ''}")
    print(f"{'epoch':>5} | {'train (no decay)':>16} {'test (no decay)':>16} {'|w| (no decay)':>15} | "
          f"{'train (l2)':>12} {'test (l2)':>12} {'|w| (l2)':>10}")
    plain, decayed = runs.values()
    for a, b in zip(plain, decayed):
        if a["epoch"] % 10 == 0 or a["epoch"] == 1:
            print(f"{a['epoch']:>5} | {a['trainLoss']:>16.4f} {a['validationLoss']:>16.4f} {a['weightNorm']:>15.3f} | "
                  f"{b['trainLoss']:>12.4f} {b['validationLoss']:>12.4f} {b['weightNorm']:>10.3f}")
    last_a, last_b = plain[-1], decayed[-1]
    print(f"final test loss: {last_a['validationLoss']:.4f} without decay, {last_b['validationLoss']:.4f} with decay "
          f"({last_a['validationLoss'] / last_b['validationLoss']:.1f}x lower)")
    print(f"final |w|:       {last_a['weightNorm']:.3f} without decay, {last_b['weightNorm']:.3f} with decay")


if __name__ == "__main__":
    main()
