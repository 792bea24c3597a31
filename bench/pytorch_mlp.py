#!/usr/bin/python3
"""The canonical Fashion-MNIST job in plain PyTorch: the alternative a user would run instead.

Same data (the Debian IDX files), network (784-256-256-10, ReLU, dropout 0.2/0.5, PyTorch's default
initialization), loss (cross-entropy), optimizer (SGD lr 0.5), batch size 256 with a reshuffle each
epoch, 10 epochs, test accuracy after the last epoch. Run with Debian's python3-torch:

    apt-get install python3-torch
    /usr/bin/python3 bench/pytorch_mlp.py --seeds 42,43,44 --threads 1 --blas-threads 2
"""
import argparse
import gzip
import os
import statistics
import sys
import time

# OpenBLAS reads its thread count when it loads: decide it before numpy and torch are imported.
# PyTorch's own intra-op threads and OpenBLAS's threads multiply; on 2 cores, 2 × 2 runs 4x slower
# than 1 torch thread with 2 BLAS threads (measured, docs/benchmarks.md).
if "--blas-threads" in sys.argv:
    os.environ["OPENBLAS_NUM_THREADS"] = sys.argv[sys.argv.index("--blas-threads") + 1]

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

DIR = "/usr/share/datasets/fashion-mnist"


def idx(name, dims):
    with gzip.open(os.path.join(DIR, name), "rb") as f:
        data = f.read()
    header = 4 + 4 * dims
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def load():
    train_x = torch.tensor(idx("train-images-idx3-ubyte.gz", 3).reshape(-1, 784), dtype=torch.float32) / 255
    train_y = torch.tensor(idx("train-labels-idx1-ubyte.gz", 1), dtype=torch.int64)
    test_x = torch.tensor(idx("t10k-images-idx3-ubyte.gz", 3).reshape(-1, 784), dtype=torch.float32) / 255
    test_y = torch.tensor(idx("t10k-labels-idx1-ubyte.gz", 1), dtype=torch.int64)
    return train_x, train_y, test_x, test_y


def run(seed, data, epochs, batch):
    torch.manual_seed(seed)
    train_x, train_y, test_x, test_y = data
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2),
                        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    n = train_x.shape[0]
    rates = []
    for epoch in range(epochs):
        net.train()
        start = time.perf_counter()
        order = torch.randperm(n)
        for i in range(0, n, batch):
            idx_ = order[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(net(train_x[idx_]), train_y[idx_])
            loss.backward()
            opt.step()
        rates.append(n / (time.perf_counter() - start))
    net.eval()
    with torch.no_grad():
        accuracy = (net(test_x).argmax(1) == test_y).float().mean().item()
    return accuracy, statistics.median(rates[1:])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="42,43,44")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--blas-threads", type=int, help="OPENBLAS_NUM_THREADS (default: OpenBLAS's own, all cores)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l})
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} intra-op threads, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}, BLAS loaded: {blas}")
    data = load()
    results = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        accuracy, rate = run(seed, data, args.epochs, 256)
        results.append(accuracy)
        print(f"seed {seed:>4}: test accuracy {accuracy:.4f}, median samples/s (epochs 2..N) {rate:,.0f}")
    print(f"median accuracy {statistics.median(results):.4f}, min {min(results):.4f}, max {max(results):.4f}")


if __name__ == "__main__":
    main()
