#!/usr/bin/python3
"""The peer of a Descent study: Optuna (seeded TPE + ASHA) driving plain PyTorch on Fashion-MNIST.

What a user would run instead of `POST /api/v1/studies` (bench/study_bench.py runs Descent's side):

- data: the Debian IDX files (apt-get install dataset-fashion-mnist), inputs scaled to [0, 1]; the
  60,000 training images split once, by a fixed seed (--split-seed), into 54,000 train / 6,000
  validation; the 10,000 test images are touched only at the end;
- network: 784-256-256-10, ReLU, dropout after each hidden layer, PyTorch's default init,
  cross-entropy, SGD momentum 0.9 (not Nesterov), batch 256, reshuffled every epoch;
- space (training-reference.md, "Hyperparameter search"): lr log-uniform [1e-4, 1], weight decay
  log-uniform [1e-6, 1e-2], dropout1 and dropout2 uniform [0, 0.6];
- search: optuna.samplers.TPESampler(seed=--seed), optuna.pruners.SuccessiveHalvingPruner
  (min_resource 1, reduction_factor 3, i.e. rungs after epochs 1, 3, 9); validation accuracy is
  reported after every epoch and the trial is pruned when Optuna says so; trials of at most
  --max-epochs epochs;
- objective: the trial's best validation accuracy over its epochs (Descent's "epoch": "best";
  --objective last for the last epoch's);
- budget: trials are launched while fewer than --budget-trial-epochs epochs have been trained in
  all (pruned trials' epochs count). A trial that would go past the budget is stopped before the
  epoch that would exceed it and recorded as PRUNED with user attribute cut_by_budget=true (its
  epochs count, its value is its best so far, it may be an ensemble member); so exactly
  min(budget, what the trials wanted) epochs are trained and never more;
- results: the best trial's test accuracy with its last-epoch weights (--test-weights best: the
  weights of its best validation epoch), kept in memory; the top-5 trials' ensemble (mean of the
  members' softmax probabilities) on the test split, members ranked by objective over all trials
  that trained at least one epoch, pruned ones included (--ensemble-from complete: complete only);
  counts, trial-epochs, wall time, host and thread settings; a summary and --out JSON.

Threads: --threads (torch intra-op) and --blas-threads (OPENBLAS_NUM_THREADS, read when OpenBLAS
loads, so decided before numpy/torch are imported). The default, "auto", follows the BLAS that
Debian's libblas.so.3 resolves to: OpenBLAS pthread build -> 1 torch thread, OpenBLAS on all cores
(measured fastest on 2 cores, docs/benchmarks.md: 74.8k samples/s against 15.9k for 2 x 2);
OpenBLAS OpenMP build -> torch on all cores and OPENBLAS_NUM_THREADS unset (both use the same
libgomp pool, torch.set_num_threads sets it; not measured yet); anything else (netlib's reference
BLAS is single-threaded) -> torch on all cores. The JSON records what was used and what was loaded.

    /usr/bin/python3 bench/optuna_study.py --out /tmp/optuna-study.json
    /usr/bin/python3 bench/optuna_study.py --budget-trial-epochs 4 --max-epochs 2   # smoke test
"""
import argparse
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostinfo  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--budget-trial-epochs", type=int, default=124,
                   help="stop launching trials once this many epochs were trained across all trials "
                        "(default %(default)s = Descent's staged study: 24x1 + 8x5 + 3x20)")
    p.add_argument("--max-epochs", type=int, default=20, help="epochs of a trial that is never pruned (default %(default)s)")
    p.add_argument("--seed", type=int, default=7, help="TPE sampler seed (default %(default)s, the Descent study's)")
    p.add_argument("--trial-seed", type=int, default=42,
                   help="torch seed of every trial: init, dropout, batch order (default %(default)s, the Descent base job's); "
                        "-1: seed + trial number")
    p.add_argument("--split-seed", type=int, default=0, help="seed of the 54,000/6,000 train/validation split (default %(default)s)")
    p.add_argument("--validation", type=int, default=6000, help="validation images carved from the training split (default %(default)s)")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--cosine", action="store_true", help="cosine-anneal the learning rate to 0 over --max-epochs (per epoch)")
    p.add_argument("--objective", choices=("best", "last"), default="best",
                   help="a trial's value: its best epoch's validation accuracy or its last one's (default %(default)s)")
    p.add_argument("--test-weights", choices=("last", "best"), default="last",
                   help="weights evaluated on the test split: last epoch's or best validation epoch's (default %(default)s)")
    p.add_argument("--top", type=int, default=5, help="ensemble members (default %(default)s)")
    p.add_argument("--ensemble-from", choices=("all", "complete"), default="all",
                   help="rank ensemble members over all trials (pruned included) or complete ones only (default %(default)s)")
    p.add_argument("--threads", default="auto", help="torch intra-op threads, or auto (see above)")
    p.add_argument("--blas-threads", default="auto", help="OPENBLAS_NUM_THREADS, 'default' to leave it unset, or auto (see above)")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", metavar="FILE.json", help="write the results as JSON")
    args = p.parse_args(argv)
    if args.budget_trial_epochs < 1 or args.max_epochs < 1:
        p.error("--budget-trial-epochs and --max-epochs must be at least 1")
    return args


def thread_plan(threads, blas_threads):
    """(torch threads, OPENBLAS_NUM_THREADS or None, why) from the flags and the BLAS build."""
    _, kind = hostinfo.blas_library()
    cores = hostinfo.cpu_count() or 1
    if kind == "openblas-pthread":
        auto = (1, str(cores), "OpenBLAS pthread build: 1 torch thread x %d OpenBLAS threads (docs/benchmarks.md)" % cores)
    elif kind == "openblas-openmp":
        auto = (cores, None, "OpenBLAS OpenMP build: %d torch threads, OpenBLAS follows the shared OpenMP pool" % cores)
    else:
        auto = (cores, None, "BLAS %s: %d torch threads" % (kind, cores))
    t = auto[0] if threads == "auto" else int(threads)
    if blas_threads == "auto":
        b = auto[1] if threads == "auto" else os.environ.get("OPENBLAS_NUM_THREADS")
    elif blas_threads == "default":
        b = None
    else:
        b = str(int(blas_threads))
    why = auto[2] if (threads == "auto" and blas_threads == "auto") else "set by flags"
    return t, b, why


ARGS = parse_args(sys.argv[1:])
TORCH_THREADS, BLAS_THREADS, THREAD_WHY = thread_plan(ARGS.threads, ARGS.blas_threads)
# OpenBLAS reads its thread count when it loads: set it before numpy and torch are imported.
if BLAS_THREADS is not None:
    os.environ["OPENBLAS_NUM_THREADS"] = BLAS_THREADS
elif ARGS.blas_threads == "default":
    os.environ.pop("OPENBLAS_NUM_THREADS", None)

import gzip  # noqa: E402

import numpy as np  # noqa: E402
import optuna  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

SPACE = {  # name: (low, high, log)
    "lr": (1e-4, 1.0, True),
    "weight_decay": (1e-6, 1e-2, True),
    "dropout1": (0.0, 0.6, False),
    "dropout2": (0.0, 0.6, False),
}


def idx(directory, name, dims):
    with gzip.open(os.path.join(directory, name), "rb") as f:
        data = f.read()
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, validation, split_seed):
    x = torch.tensor(idx(directory, "train-images-idx3-ubyte.gz", 3).reshape(-1, 784), dtype=torch.float32) / 255
    y = torch.tensor(idx(directory, "train-labels-idx1-ubyte.gz", 1), dtype=torch.int64)
    test_x = torch.tensor(idx(directory, "t10k-images-idx3-ubyte.gz", 3).reshape(-1, 784), dtype=torch.float32) / 255
    test_y = torch.tensor(idx(directory, "t10k-labels-idx1-ubyte.gz", 1), dtype=torch.int64)
    order = torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(split_seed))
    val, train = order[:validation], order[validation:]
    return {"train": (x[train].contiguous(), y[train].contiguous()), "validation": (x[val].contiguous(), y[val].contiguous()),
            "test": (test_x, test_y)}


def network(dropout1, dropout2):
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(dropout1),
                         nn.Linear(256, 256), nn.ReLU(), nn.Dropout(dropout2), nn.Linear(256, 10))


def probabilities(net, x):
    net.eval()
    with torch.no_grad():
        return torch.softmax(net(x), dim=1)


def accuracy(probs, y):
    return (probs.argmax(1) == y).float().mean().item()


class Search:
    """Runs the study under the trial-epoch budget and keeps every trial's weights in memory."""

    def __init__(self, args, data):
        self.args, self.data = args, data
        self.spent = 0  # epochs trained, all trials
        self.records = {}  # trial number -> dict (params, per-epoch accuracies, weights, ...)

    def objective(self, trial):
        a = self.args
        params = {name: trial.suggest_float(name, low, high, log=log) for name, (low, high, log) in SPACE.items()}
        seed = a.trial_seed if a.trial_seed >= 0 else a.seed + trial.number
        torch.manual_seed(seed)
        net = network(params["dropout1"], params["dropout2"])
        opt = torch.optim.SGD(net.parameters(), lr=params["lr"], momentum=0.9, nesterov=False,
                              weight_decay=params["weight_decay"])
        # --cosine: the learning rate anneals to 0 over a full trial's epochs, per epoch, as
        # Descent's {"type": "cosine", "tMax": max_epochs} does (a pruned trial stops on the way down).
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=a.max_epochs) if a.cosine else None
        loss_fn = nn.CrossEntropyLoss()
        train_x, train_y = self.data["train"]
        val_x, val_y = self.data["validation"]
        n = train_x.shape[0]
        shuffle = torch.Generator().manual_seed(seed)
        rec = {"number": trial.number, "seed": seed, "params": params, "validationAccuracy": [], "trainLoss": [],
               "epochSeconds": [], "cutByBudget": False, "prunedAt": None}
        self.records[trial.number] = rec
        started = time.perf_counter()
        for epoch in range(1, a.max_epochs + 1):
            if self.spent >= a.budget_trial_epochs:
                rec["cutByBudget"] = True
                trial.set_user_attr("cut_by_budget", True)
                break
            t0 = time.perf_counter()
            net.train()
            order = torch.randperm(n, generator=shuffle)
            total, batches = 0.0, 0
            for i in range(0, n, a.batch):
                b = order[i:i + a.batch]
                opt.zero_grad()
                loss = loss_fn(net(train_x[b]), train_y[b])
                loss.backward()
                opt.step()
                total += loss.item()
                batches += 1
            self.spent += 1
            if schedule is not None:
                schedule.step()
            val = accuracy(probabilities(net, val_x), val_y)
            mean_loss = total / batches
            rec["trainLoss"].append(mean_loss if math.isfinite(mean_loss) else None)  # diverged (lr near 1): JSON null
            rec["validationAccuracy"].append(val)
            rec["epochSeconds"].append(time.perf_counter() - t0)
            if a.test_weights == "best" and val >= max(rec["validationAccuracy"]):
                rec["bestState"] = {k: v.clone() for k, v in net.state_dict().items()}
            rec["net"] = net
            trial.report(val, epoch)
            if trial.should_prune():
                rec["prunedAt"] = epoch
                break
        rec["epochs"] = len(rec["validationAccuracy"])
        rec["seconds"] = time.perf_counter() - started
        accs = rec["validationAccuracy"]
        rec["value"] = (max(accs) if a.objective == "best" else accs[-1]) if accs else None
        if rec["cutByBudget"] or rec["prunedAt"] is not None:
            rec["state"] = "PRUNED"
            raise optuna.TrialPruned()
        rec["state"] = "COMPLETE"
        return rec["value"]

    def stop_when_spent(self, study, _trial):
        if self.spent >= self.args.budget_trial_epochs:
            study.stop()


def ensemble_accuracy(members, x, y):
    probs = sum(probabilities(m, x) for m in members) / len(members)
    return accuracy(probs, y)


def test_net(rec):
    net = rec["net"]
    if "bestState" in rec:
        net = network(rec["params"]["dropout1"], rec["params"]["dropout2"])
        net.load_state_dict(rec["bestState"])
    return net


def main():
    a = ARGS
    torch.set_num_threads(TORCH_THREADS)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    host = hostinfo.host_info(torch)
    print("optuna_study  %s" % host["date"])
    print("host: " + hostinfo.one_line(host))
    print("threads: torch %d intra-op, OPENBLAS_NUM_THREADS=%s (%s); loaded %s"
          % (torch.get_num_threads(), os.environ.get("OPENBLAS_NUM_THREADS", "unset"), THREAD_WHY, host["blas"]["loaded"]))
    data = load(a.data, a.validation, a.split_seed)
    print("data: %d train / %d validation (split seed %d) / %d test; budget %d trial-epochs, trials of <= %d epochs"
          % (data["train"][0].shape[0], data["validation"][0].shape[0], a.split_seed, data["test"][0].shape[0],
             a.budget_trial_epochs, a.max_epochs), flush=True)

    sampler = optuna.samplers.TPESampler(seed=a.seed)
    pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3)
    study = optuna.create_study(direction="maximize", sampler=sampler, pruner=pruner)
    search = Search(a, data)

    def progress(_study, trial):
        rec = search.records[trial.number]
        print("trial %3d  %-8s epochs %2d  val %s  lr %.3g  wd %.3g  dropout %.2f/%.2f  %.1f s%s  [spent %d/%d]"
              % (trial.number, rec["state"], rec["epochs"], "%.4f" % rec["value"] if rec["value"] is not None else "-",
                 rec["params"]["lr"], rec["params"]["weight_decay"], rec["params"]["dropout1"], rec["params"]["dropout2"],
                 rec["seconds"], "  (cut by budget)" if rec["cutByBudget"] else "", search.spent, a.budget_trial_epochs),
              flush=True)

    started = time.perf_counter()
    study.optimize(search.objective, callbacks=[progress, search.stop_when_spent], catch=())
    search_seconds = time.perf_counter() - started

    records = [search.records[t.number] for t in study.trials]
    trained = [r for r in records if r["epochs"] > 0]
    test_x, test_y = data["test"]
    complete = [r for r in trained if r["state"] == "COMPLETE"]
    # Best trial: Optuna's (complete trials only) when there is one, else the best trained trial.
    best = search.records[study.best_trial.number] if complete else max(trained, key=lambda r: r["value"], default=None)
    best_test = accuracy(probabilities(test_net(best), test_x), test_y) if best else None
    pool = complete if a.ensemble_from == "complete" else trained
    members = sorted(pool, key=lambda r: (-r["value"], r["number"]))[:a.top]
    ens_test = ensemble_accuracy([test_net(r) for r in members], test_x, test_y) if members else None
    member_rows = [{"trial": r["number"], "state": r["state"], "epochs": r["epochs"], "objective": r["value"],
                    "testAccuracy": accuracy(probabilities(test_net(r), test_x), test_y)} for r in members]
    wall = time.perf_counter() - started

    counts = {"run": len(records), "trained": len(trained), "complete": len(complete),
              "pruned": sum(r["state"] == "PRUNED" for r in records),
              "cutByBudget": sum(r["cutByBudget"] for r in records)}
    result = {
        "tool": "optuna %s + torch %s" % (optuna.__version__, torch.__version__),
        "protocol": {
            "sampler": {"type": "TPESampler", "seed": a.seed, "n_startup_trials": sampler._n_startup_trials},
            "pruner": {"type": "SuccessiveHalvingPruner", "min_resource": 1, "reduction_factor": 3, "min_early_stopping_rate": 0},
            "space": {k: {"low": lo, "high": hi, "log": log} for k, (lo, hi, log) in SPACE.items()},
            "network": "784-256-256-10 ReLU, dropout after each hidden layer, PyTorch default init",
            "optimizer": "SGD momentum 0.9, nesterov false, coupled weight decay",
            "batch": a.batch, "maxEpochs": a.max_epochs, "budgetTrialEpochs": a.budget_trial_epochs,
            "trialSeed": a.trial_seed, "splitSeed": a.split_seed,
            "split": {"train": data["train"][0].shape[0], "validation": data["validation"][0].shape[0], "test": test_x.shape[0]},
            "objective": "validation accuracy, %s epoch" % a.objective, "testWeights": a.test_weights,
            "ensemble": {"top": a.top, "from": a.ensemble_from, "rankedBy": "objective", "combine": "mean softmax"},
            "best": "Optuna's best_trial: COMPLETE trials only (the best trained trial when none completed)",
            "budgetCut": "a trial that would exceed the budget stops before that epoch and is PRUNED (cut_by_budget)",
        },
        "threads": {"torchIntraOp": torch.get_num_threads(), "torchInterOp": torch.get_num_interop_threads(),
                    "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"), "why": THREAD_WHY},
        "host": host,
        "counts": counts,
        "trialEpochs": search.spent,
        "searchSeconds": round(search_seconds, 3),
        "wallSeconds": round(wall, 3),
        "best": None if best is None else {"trial": best["number"], "state": best["state"], "objective": best["value"],
                                           "epochs": best["epochs"], "params": best["params"], "testAccuracy": best_test},
        "ensemble": {"members": member_rows, "testAccuracy": ens_test},
        "trials": [{k: r.get(k) for k in ("number", "state", "seed", "params", "epochs", "value", "prunedAt", "cutByBudget",
                                          "validationAccuracy", "trainLoss", "epochSeconds", "seconds")} for r in records],
    }

    print()
    print("trials: %(run)d run, %(complete)d complete, %(pruned)d pruned (%(cutByBudget)d of them cut by the budget)" % counts)
    print("trial-epochs: %d of %d; search %.1f s, with test evaluation %.1f s" % (search.spent, a.budget_trial_epochs,
                                                                                    search_seconds, wall))
    if best:
        print("best trial %d (%s, %d epochs): validation %.4f, test %.4f (%s-epoch weights)  lr %.4g  wd %.3g  dropout %.3f/%.3f"
              % (best["number"], best["state"], best["epochs"], best["value"], best_test, a.test_weights, best["params"]["lr"],
                 best["params"]["weight_decay"], best["params"]["dropout1"], best["params"]["dropout2"]))
        print("top-%d ensemble (%s trials by objective): test %.4f; members %s"
              % (a.top, a.ensemble_from, ens_test,
                 ", ".join("%d (%s, %d ep, val %.4f, test %.4f)" % (m["trial"], m["state"], m["epochs"], m["objective"],
                                                                     m["testAccuracy"]) for m in member_rows)))
    if a.out:
        directory = os.path.dirname(a.out)
        if directory:
            os.makedirs(directory, exist_ok=True)
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        print("wrote %s" % a.out)
    return result


if __name__ == "__main__":
    main()
