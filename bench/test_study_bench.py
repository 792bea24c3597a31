#!/usr/bin/env python3
"""Checks bench/study_bench.py against a fake node (standard library only, no Descent needed):

    python3 bench/test_study_bench.py
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import study_bench  # noqa: E402


class FakeNode:
    """Answers the study API; /ensembles/evaluations answers 404 unless ensemble_evaluations is set."""

    def __init__(self, ensemble_evaluations):
        self.ensemble_evaluations = ensemble_evaluations
        self.requests = []  # (method, path, body)
        self.polls = {}
        node = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def reply(self, status, doc):
                raw = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def body(self):
                n = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(n)) if n else None

            def do_POST(self):
                body = self.body()
                node.requests.append(("POST", self.path, body))
                if self.path == "/api/v1/studies":
                    sid = "s%d" % (len([r for r in node.requests if r[1] == "/api/v1/studies"]))
                    node.polls[sid] = 0
                    return self.reply(201, {"id": sid, "status": "QUEUED"})
                if self.path.startswith("/api/v1/jobs/") and self.path.endswith("/evaluations"):
                    return self.reply(200, {"accuracy": 0.881, "loss": 0.33})
                if self.path == "/api/v1/ensembles/evaluations":
                    if not node.ensemble_evaluations:
                        return self.reply(404, {"title": "Not Found"})
                    return self.reply(200, members_answer(["j1", "j2", "j3", "j4", "j5"]))
                if self.path == "/api/v1/ensembles/predictions":
                    return self.reply(200, members_answer(body["jobs"]))
                self.reply(404, {"title": "Not Found"})

            def do_GET(self):
                node.requests.append(("GET", self.path, None))
                parts = self.path.split("?")[0].split("/")
                if len(parts) == 5 and parts[3] == "studies":
                    sid = parts[4]
                    node.polls[sid] += 1
                    done = node.polls[sid] >= 3
                    return self.reply(200, study_view(sid, done))
                if len(parts) == 6 and parts[5] == "trials":
                    return self.reply(200, {"trials": trials()})
                self.reply(404, {"title": "Not Found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def members_answer(jobs):
    return {"members": [{"job": j, "modelEpoch": 20, "accuracy": 0.87} for j in jobs], "accuracy": 0.893}


def study_view(sid, done):
    return {
        "id": sid, "status": "SUCCEEDED" if done else "RUNNING",
        "counts": {"queued": 0, "running": 0 if done else 2, "succeeded": 11 if done else 3, "pruned": 24 if done else 0,
                   "failed": 0, "cancelled": 0},
        "trialEpochs": 124 if done else 10,
        "best": {"job": "j1", "trial": 31, "value": 0.905, "params": {"/optimizer/lr": 0.05, "/optimizer/weightDecay": 1e-4}},
        "stages": [{"index": 0, "trials": 24, "epochs": 1, "ranges": {"/optimizer/lr": {"low": 1e-4, "high": 1}}},
                   {"index": 1, "trials": 8, "epochs": 5, "ranges": {"/optimizer/lr": {"low": 0.01, "high": 0.3}}}],
        "warnings": [{"pointer": "/optimizer/lr", "message": "best value near the upper edge"}] if done else [],
        "createdAt": "2026-12-01T10:00:00Z", "finishedAt": "2026-12-01T10:20:00.5Z" if done else None,
    }


def trials():
    # Deliberately not in objective order, with a failed trial and one without an objective.
    rows = [("j3", 0.89, "SUCCEEDED"), ("j1", 0.905, "SUCCEEDED"), ("jf", None, "FAILED"), ("j2", 0.90, "SUCCEEDED"),
            ("j5", 0.80, "PRUNED"), ("j4", 0.85, "SUCCEEDED"), ("j6", 0.70, "PRUNED"), ("jx", 0.99, "FAILED")]
    return [{"job": j, "trial": i, "stage": 0, "status": s, "params": {}, "objective": o, "epochs": 1} for i, (j, o, s) in enumerate(rows)]


class StudyBenchTest(unittest.TestCase):
    def run_bench(self, ensemble_evaluations, which):
        node = FakeNode(ensemble_evaluations)
        self.addCleanup(node.close)
        out = os.path.join(tempfile.mkdtemp(), "r.json")
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout):
            code = study_bench.main(["--url", node.url, "--which", which, "--poll", "0.01", "--out", out])
        with open(out) as f:
            return code, json.load(f), node, stdout.getvalue()

    def test_requests_match_the_api(self):
        code, doc, node, text = self.run_bench(False, "staged,random")
        self.assertEqual(code, 0, text)
        posts = [b for m, p, b in node.requests if m == "POST" and p == "/api/v1/studies"]
        staged, plain = posts
        self.assertEqual(staged["stages"], [{"trials": 24, "epochs": 1, "keepTop": 8}, {"trials": 8, "epochs": 5, "keepTop": 3},
                                            {"trials": 3, "epochs": 20}])
        self.assertEqual(staged["pruner"], {"type": "asha", "minEpochs": 1, "reductionFactor": 3})
        self.assertEqual(staged["objective"], {"metric": "validation_accuracy", "mode": "max", "epoch": "best"})
        self.assertEqual((staged["seed"], staged["strategy"], staged["maxConcurrentTrials"]), (7, "random", 2))
        self.assertEqual(staged["base"]["dataset"], {"id": "fashion-mnist", "validation": 0.1})
        self.assertEqual(staged["base"]["optimizer"], {"type": "sgd", "lr": 0.1, "momentum": 0.9, "weightDecay": 0.0})
        self.assertEqual(sorted(staged["space"]), ["/model/layers/0/dropout", "/model/layers/1/dropout",
                                                   "/optimizer/lr", "/optimizer/weightDecay"])
        self.assertNotIn("stages", plain)
        self.assertEqual((plain["trials"], plain["base"]["epochs"], plain["pruner"]), (6, 20, {"type": "none"}))
        self.assertEqual(study_bench.planned_trial_epochs(staged), 124 + 2 * 20)  # with the 2 repeat seeds
        self.assertEqual(study_bench.planned_trial_epochs(plain), 120)
        json.dumps(posts, allow_nan=False)  # valid JSON for a Java parser

    def test_fallback_to_predictions_with_the_top_five(self):
        code, doc, node, text = self.run_bench(False, "staged")
        fallback = [b for m, p, b in node.requests if p == "/api/v1/ensembles/predictions"]
        self.assertEqual(fallback, [{"jobs": ["j1", "j2", "j3", "j4", "j5"], "dataset": "fashion-mnist", "split": "test"}])
        s = doc["summaries"][0]
        self.assertEqual(s["ensembleVia"], "predictions (fallback)")
        self.assertEqual((s["bestTestAccuracy"], s["ensembleTestAccuracy"], s["bestValidation"]), (0.881, 0.893, 0.905))
        self.assertEqual((s["trialEpochs"], s["serverWallSeconds"]), (124, 1200.5))
        self.assertIn("top-5 ensemble via predictions (fallback): test 0.8930", text)
        self.assertIn("warning: /optimizer/lr: best value near the upper edge", text)
        self.assertIn("stage 1: 8 trials x 5 epochs; /optimizer/lr [0.01, 0.3]", text)
        evaluations = [b for m, p, b in node.requests if p == "/api/v1/jobs/j1/evaluations"]
        self.assertEqual(evaluations, [{"dataset": "fashion-mnist", "split": "test"}])

    def test_ensemble_evaluations(self):
        code, doc, node, text = self.run_bench(True, "random")
        self.assertEqual(code, 0, text)
        body = [b for m, p, b in node.requests if p == "/api/v1/ensembles/evaluations"]
        self.assertEqual(body, [{"members": [{"study": "s1", "top": 5}], "dataset": "fashion-mnist", "split": "test"}])
        self.assertEqual(doc["summaries"][0]["ensembleVia"], "evaluations")
        self.assertFalse([p for m, p, b in node.requests if p == "/api/v1/ensembles/predictions"])

    def test_unreachable_node_exits_2(self):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(study_bench.main(["--url", "http://127.0.0.1:9", "--which", "staged"]), 2)


if __name__ == "__main__":
    unittest.main()
