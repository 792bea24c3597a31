#!/usr/bin/env python3
"""Descent's side of the study benchmark: hyperparameter studies submitted to a running node over
HTTP (standard library only), measured the way bench/optuna_study.py measures its Optuna peer.

Two studies over the same space (training-reference.md, "Hyperparameter search": lr and weight
decay log-uniform, dropouts uniform) on Fashion-MNIST with 10 % of the training split held out
for validation, objective the best epoch's validation accuracy:

- staged: random, seed 7, coarse to fine: 24 trials x 1 epoch -> top 8 x 5 epochs -> top 3 x 20
  epochs (124 trial-epochs), ASHA pruner (min 1 epoch, reduction factor 3), 2 trials at a time;
- random: plain random search with about the same budget: --random-trials (6) x 20 epochs, no
  stages, no pruner (120 trial-epochs).

For each: the best trial's validation objective and its test accuracy (POST .../evaluations), the
top-5 trials' ensemble test accuracy, trials by state, trial-epochs, wall time (client: submit to
the poll that saw it finish; server: createdAt to finishedAt), the narrowed ranges per stage and
the study's warnings; plus the host record (bench/hostinfo.py: this machine, which is the node's
only when --url points here). Summary on stdout, everything with --out.

    python3 bench/study_bench.py --out /tmp/study-bench.json                   # both studies, in turn
    python3 bench/study_bench.py --which staged --peer /tmp/optuna-study.json  # side by side with Optuna

Nothing else may run on the node meanwhile. Exit status 0 when every study SUCCEEDED and was
evaluated, 1 when one did not, 2 when the node could not be reached or refused a request.
"""
import argparse
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostinfo  # noqa: E402

TERMINAL = ("SUCCEEDED", "FAILED", "CANCELLED")
HTTP_TIMEOUT_S = 120  # an ensemble evaluation runs 5 models over 10,000 images

# --- The API: every path and body this script sends, in one place ------------------------------

STUDIES = "/api/v1/studies"
STUDY = "/api/v1/studies/{id}"
TRIALS = "/api/v1/studies/{id}/trials?sort=objective"
JOB_EVALUATION = "/api/v1/jobs/{job}/evaluations"
ENSEMBLE_EVALUATION = "/api/v1/ensembles/evaluations"
ENSEMBLE_PREDICTIONS = "/api/v1/ensembles/predictions"  # fallback while /evaluations answers 404

SPACE = {
    "/optimizer/lr": {"type": "loguniform", "low": 1e-4, "high": 1},
    "/optimizer/weightDecay": {"type": "loguniform", "low": 1e-6, "high": 1e-2},
    "/model/layers/0/dropout": {"type": "uniform", "low": 0, "high": 0.6},
    "/model/layers/1/dropout": {"type": "uniform", "low": 0, "high": 0.6},
}
OBJECTIVE = {"metric": "validation_accuracy", "mode": "max", "epoch": "best"}


def schedule(args, epochs):
    """--schedule cosine: anneal to 0 over a full trial (the last stage's epochs), per epoch."""
    return {"type": "cosine", "tMax": epochs} if args.schedule == "cosine" else {"type": "constant"}


def base_job(epochs, dataset):
    """The job every trial starts from; the study overwrites the SPACE pointers (and epochs per stage)."""
    return {
        "name": "fmnist",
        "dataset": {"id": dataset, "validation": 0.1},
        "model": {"layers": [
            {"type": "dense", "units": 256, "activation": "relu", "dropout": 0.2},
            {"type": "dense", "units": 256, "activation": "relu", "dropout": 0.5},
        ]},
        "loss": {"type": "cross_entropy"},
        "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9, "weightDecay": 0.0},
        "schedule": {"type": "constant"},
        "epochs": epochs,
        "batchSize": 256,
        "seed": 42,
        "device": "auto",
    }


def staged_study(args):
    return {
        "name": "fmnist-staged",
        "base": {**base_job(args.final_epochs, args.dataset), "schedule": schedule(args, args.final_epochs)},
        "space": SPACE,
        "objective": OBJECTIVE,
        "strategy": "random",
        "seed": args.seed,
        "stages": [
            {"trials": 24, "epochs": 1, "keepTop": 8},
            {"trials": 8, "epochs": 5, "keepTop": 3},
            {"trials": 3, "epochs": args.final_epochs},
        ],
        "pruner": {"type": "asha", "minEpochs": 1, "reductionFactor": 3},
        "maxConcurrentTrials": args.max_concurrent,
        **({"repeat": {"seeds": args.repeat}} if args.repeat > 0 else {}),
    }


def random_study(args):
    return {
        "name": "fmnist-random",
        "base": {**base_job(args.random_epochs, args.dataset), "schedule": schedule(args, args.random_epochs)},
        "space": SPACE,
        "objective": OBJECTIVE,
        "strategy": "random",
        "seed": args.seed,
        "trials": args.random_trials,
        "pruner": {"type": "none"},
        "maxConcurrentTrials": args.max_concurrent,
    }


STUDY_KINDS = {"staged": staged_study, "random": random_study}


def planned_trial_epochs(body):
    if body.get("stages"):
        repeat = body.get("repeat", {}).get("seeds", 0) * body["stages"][-1]["epochs"]
        return sum(s["trials"] * s["epochs"] for s in body["stages"]) + repeat
    return body["trials"] * body["base"]["epochs"]


def job_evaluation_body(args):
    return {"dataset": args.dataset, "split": "test"}


def ensemble_evaluation_body(args, study_id):
    return {"members": [{"study": study_id, "top": args.top}], "dataset": args.dataset, "split": "test"}


def ensemble_predictions_body(args, jobs):
    return {"jobs": jobs, "dataset": args.dataset, "split": "test"}


# --- HTTP ---------------------------------------------------------------------------------------

class BenchError(Exception):
    """A request failed: exit status 2."""


class HttpStatus(BenchError):
    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def call(args, method, path, body=None, expect=(200,)):
    """Sends a request to --url + path and returns the decoded JSON; HttpStatus on any other status."""
    url = args.url + path
    data = None if body is None else json.dumps(body).encode("utf-8")
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT_S) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except (urllib.error.URLError, OSError) as e:
        raise BenchError("%s %s: cannot reach the node (%s). Is it running?" % (method, url, getattr(e, "reason", e)))
    text = raw.decode("utf-8", errors="replace")
    if status not in expect:
        raise HttpStatus("%s %s: HTTP %d, expected %s: %s" % (method, url, status, "/".join(map(str, expect)), text[:2000]),
                         status)
    try:
        return json.loads(text) if text else None
    except ValueError:
        raise BenchError("%s %s: HTTP %d with a body that is not JSON: %s" % (method, url, status, text[:2000]))


# --- One study ----------------------------------------------------------------------------------

def seconds_between(start, end):
    try:
        a = datetime.datetime.fromisoformat(start.replace("Z", "+00:00"))
        b = datetime.datetime.fromisoformat(end.replace("Z", "+00:00"))
        return round((b - a).total_seconds(), 3)
    except (AttributeError, TypeError, ValueError):
        return None


def follow(args, study_id, started):
    """Polls the study every --poll seconds until it is terminal; prints a line when progress changes."""
    last = None
    while True:
        view = call(args, "GET", STUDY.format(id=study_id))
        status = view.get("status")
        progress = (status, json.dumps(view.get("counts"), sort_keys=True), view.get("trialEpochs"))
        if progress != last:
            c = view.get("counts") or {}
            print("  %6.0f s  %-9s trial-epochs %-4s  queued %s running %s succeeded %s pruned %s failed %s cancelled %s"
                  % (time.monotonic() - started, status, view.get("trialEpochs"), c.get("queued"), c.get("running"),
                     c.get("succeeded"), c.get("pruned"), c.get("failed"), c.get("cancelled")), flush=True)
            last = progress
        if status in TERMINAL:
            return view
        if time.monotonic() - started > args.timeout:
            raise BenchError("study %s not finished after %.0f s (status %s); it is still on the node"
                             % (study_id, args.timeout, status))
        time.sleep(args.poll)


def top_jobs(trials, n, mode):
    """The n best trials with a model, by objective (re-sorted here so the rule does not depend on the server's)."""
    usable = [t for t in trials if t.get("job") and t.get("objective") is not None and t.get("status") in ("SUCCEEDED", "PRUNED")]
    usable.sort(key=lambda t: -t["objective"] if mode == "max" else t["objective"])
    return usable[:n]


def ensemble(args, study_id, trials):
    """(answer, how): POST /ensembles/evaluations, or /ensembles/predictions with the top jobs after a 404."""
    try:
        return call(args, "POST", ENSEMBLE_EVALUATION, ensemble_evaluation_body(args, study_id), expect=(200, 201)), "evaluations"
    except HttpStatus as e:
        if e.status != 404:
            raise
    jobs = [t["job"] for t in top_jobs(trials, args.top, OBJECTIVE["mode"])]
    return call(args, "POST", ENSEMBLE_PREDICTIONS, ensemble_predictions_body(args, jobs), expect=(200, 201)), "predictions (fallback)"


def run_study(args, kind):
    body = STUDY_KINDS[kind](args)
    print("\n%s study: %d planned trial-epochs, submitting" % (kind, planned_trial_epochs(body)), flush=True)
    started = time.monotonic()
    created = call(args, "POST", STUDIES, body, expect=(201,))
    if not isinstance(created, dict) or not created.get("id"):
        raise BenchError("POST %s answered 201 without an id: %r" % (STUDIES, created))
    study_id = created["id"]
    print("  study %s" % study_id, flush=True)
    view = follow(args, study_id, started)
    wall = time.monotonic() - started
    trials = (call(args, "GET", TRIALS.format(id=study_id)) or {}).get("trials", [])
    result = {"kind": kind, "request": body, "id": study_id, "study": view, "trials": trials,
              "clientWallSeconds": round(wall, 3),
              "serverWallSeconds": seconds_between(view.get("createdAt"), view.get("finishedAt")),
              "errors": []}
    best = view.get("best") or {}
    if best.get("job"):
        try:
            result["bestEvaluation"] = call(args, "POST", JOB_EVALUATION.format(job=best["job"]), job_evaluation_body(args),
                                            expect=(200, 201))
        except HttpStatus as e:
            result["errors"].append(str(e))
    else:
        result["errors"].append("the study has no best trial")
    if trials:
        try:
            result["ensemble"], result["ensembleVia"] = ensemble(args, study_id, trials)
        except HttpStatus as e:
            result["errors"].append(str(e))
    result["summary"] = summarise(result)
    return result


# --- Output -------------------------------------------------------------------------------------

def summarise(r):
    view = r["study"]
    best = view.get("best") or {}
    ens = r.get("ensemble") or {}
    return {
        "kind": r["kind"],
        "status": view.get("status"),
        "plannedTrialEpochs": planned_trial_epochs(r["request"]),
        "trialEpochs": view.get("trialEpochs"),
        "counts": view.get("counts"),
        "bestTrial": best.get("trial"),
        "bestJob": best.get("job"),
        "bestValidation": best.get("value"),
        "bestParams": best.get("params"),
        "bestTestAccuracy": (r.get("bestEvaluation") or {}).get("accuracy"),
        "ensembleTestAccuracy": ens.get("accuracy"),
        "ensembleMembers": ens.get("members"),
        "ensembleVia": r.get("ensembleVia"),
        "clientWallSeconds": r["clientWallSeconds"],
        "serverWallSeconds": r["serverWallSeconds"],
        "stages": view.get("stages"),
        "warnings": view.get("warnings"),
        "errors": r["errors"],
    }


def fmt(value, spec="{:.4f}"):
    if value is None:
        return "-"
    try:
        return spec.format(value)
    except (TypeError, ValueError):
        return str(value)


def print_study(s):
    print()
    print("== %s: %s ==" % (s["kind"], s["status"]))
    c = s["counts"] or {}
    print("trials: " + ", ".join("%s %s" % (k, c.get(k)) for k in ("succeeded", "pruned", "failed", "cancelled", "queued", "running")))
    print("trial-epochs: %s (planned %s); wall %s s (client), %s s (server createdAt..finishedAt)"
          % (s["trialEpochs"], s["plannedTrialEpochs"], fmt(s["clientWallSeconds"], "{:.1f}"), fmt(s["serverWallSeconds"], "{:.1f}")))
    params = s["bestParams"] or {}
    print("best trial %s (job %s): validation %s, test %s  %s"
          % (s["bestTrial"], s["bestJob"], fmt(s["bestValidation"]), fmt(s["bestTestAccuracy"]),
             "  ".join("%s=%s" % (k, fmt(v, "{:.4g}")) for k, v in params.items())))
    members = s["ensembleMembers"] or []
    print("top-%d ensemble via %s: test %s; members %s"
          % (len(members), s["ensembleVia"], fmt(s["ensembleTestAccuracy"]),
             ", ".join("%s (epoch %s, test %s)" % (m.get("job"), m.get("modelEpoch"), fmt(m.get("accuracy"))) for m in members) or "-"))
    for stage in s["stages"] or []:
        ranges = stage.get("ranges") or {}
        print("stage %s: %s trials x %s epochs; %s" % (stage.get("index"), stage.get("trials"), stage.get("epochs"),
              "; ".join("%s [%s, %s]" % (p, fmt(r.get("low"), "{:.4g}"), fmt(r.get("high"), "{:.4g}")) for p, r in ranges.items()) or "no ranges"))
    for w in s["warnings"] or []:
        print("warning: %s: %s" % (w.get("pointer"), w.get("message")))
    for e in s["errors"]:
        print("error: %s" % e)


def peer_row(path):
    """The comparable figures of a bench/optuna_study.py --out file."""
    with open(path) as f:
        p = json.load(f)
    best, ens, counts = p.get("best") or {}, p.get("ensemble") or {}, p.get("counts") or {}
    return {"kind": "optuna (%s)" % os.path.basename(path), "status": "-", "trialEpochs": p.get("trialEpochs"),
            "succeeded": counts.get("complete"), "pruned": counts.get("pruned"), "bestValidation": best.get("objective"),
            "bestTestAccuracy": best.get("testAccuracy"), "ensembleTestAccuracy": ens.get("testAccuracy"),
            "wallSeconds": p.get("wallSeconds")}


def print_table(summaries, peer):
    rows = [{"kind": s["kind"], "status": s["status"], "trialEpochs": s["trialEpochs"],
             "succeeded": (s["counts"] or {}).get("succeeded"), "pruned": (s["counts"] or {}).get("pruned"),
             "bestValidation": s["bestValidation"], "bestTestAccuracy": s["bestTestAccuracy"],
             "ensembleTestAccuracy": s["ensembleTestAccuracy"], "wallSeconds": s["clientWallSeconds"]} for s in summaries]
    if peer:
        rows.append(peer)
    print()
    header = ("study", "status", "trial-ep", "done", "pruned", "best val", "best test", "top-5 test", "wall s")
    print("%-28s %-9s %8s %5s %6s %9s %9s %10s %8s" % header)
    for r in rows:
        print("%-28s %-9s %8s %5s %6s %9s %9s %10s %8s"
              % (r["kind"][:28], r["status"], fmt(r["trialEpochs"], "{}"), fmt(r["succeeded"], "{}"), fmt(r["pruned"], "{}"),
                 fmt(r["bestValidation"]), fmt(r["bestTestAccuracy"]), fmt(r["ensembleTestAccuracy"]),
                 fmt(r["wallSeconds"], "{:.1f}")))


# --- Main ---------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://localhost:8080", help="node base URL (default %(default)s)")
    p.add_argument("--which", default="staged,random", help="studies to run, in order: staged, random (default %(default)s)")
    p.add_argument("--random-trials", type=int, default=6, help="trials of the plain random study (default %(default)s)")
    p.add_argument("--random-epochs", type=int, default=20, help="epochs of each plain random trial (default %(default)s)")
    p.add_argument("--seed", type=int, default=7, help="study seed (default %(default)s)")
    p.add_argument("--max-concurrent", type=int, default=2, help="maxConcurrentTrials (default %(default)s)")
    p.add_argument("--repeat", type=int, default=2, help="seeds retraining the staged study's best configuration (default %(default)s)")
    p.add_argument("--final-epochs", type=int, default=20, help="epochs of the staged study's last stage (default %(default)s)")
    p.add_argument("--schedule", choices=("constant", "cosine"), default="constant", help="the base's learning-rate schedule")
    p.add_argument("--top", type=int, default=5, help="ensemble members (default %(default)s)")
    p.add_argument("--dataset", default="fashion-mnist")
    p.add_argument("--poll", type=float, default=2.0, help="seconds between polls (default %(default)s)")
    p.add_argument("--timeout", type=float, default=6 * 3600.0, help="give up on a study after this many seconds")
    p.add_argument("--peer", metavar="OPTUNA.json", help="a bench/optuna_study.py --out file to print alongside")
    p.add_argument("--out", metavar="FILE.json", help="write requests, raw answers and summaries as JSON")
    args = p.parse_args(argv)
    args.which = [w.strip() for w in args.which.split(",") if w.strip()]
    unknown = [w for w in args.which if w not in STUDY_KINDS]
    if unknown or not args.which:
        p.error("--which takes a comma-separated list of %s, got %r" % (", ".join(STUDY_KINDS), unknown or args.which))
    if args.random_trials < 1 or args.random_epochs < 1 or args.poll <= 0:
        p.error("--random-trials and --random-epochs must be at least 1, --poll positive")
    args.url = args.url.rstrip("/")
    return args


def write_json(path, doc):
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote %s" % path)


def main(argv=None):
    args = parse_args(argv)
    host = hostinfo.host_info()
    print("study_bench  %s  url=%s" % (host["date"], args.url))
    print("host (this machine): " + hostinfo.one_line(host))
    doc = {"url": args.url, "host": host, "studies": []}
    code = 0
    try:
        for kind in args.which:
            result = run_study(args, kind)
            doc["studies"].append(result)
            print_study(result["summary"])
            if result["summary"]["status"] != "SUCCEEDED" or result["errors"]:
                code = 1
    except BenchError as e:
        sys.stdout.flush()
        print("error: %s" % e, file=sys.stderr)
        doc["error"] = str(e)
        code = 2
    except KeyboardInterrupt:
        print("\ninterrupted; a submitted study may still be running on the node", file=sys.stderr)
        code = 130
    summaries = [s["summary"] for s in doc["studies"]]
    if summaries:
        print_table(summaries, peer_row(args.peer) if args.peer else None)
    doc["summaries"] = summaries
    if args.out:
        write_json(args.out, doc)
    return code


if __name__ == "__main__":
    sys.exit(main())
