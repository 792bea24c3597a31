#!/bin/bash
# The canonical job 4 times in a row on a fresh node started with the given settings (any
# --name=value of the service); prints each job's median samples/s of epochs 2..10 and the median of
# the last three. For the service-versus-core question of issue 14: run it with and without settings
# (e.g. --descent.worker.progress-interval=1h) and compare with bench/throughput.py's core-alone figure.
#   bash bench/service_repeat.sh [--name=value ...]     (after mvn -DskipTests package; nothing else running)
cd "$(dirname "$0")/.."
rm -rf /tmp/gap-data && mkdir -p /tmp/gap-data
DJL_OFFLINE=true java -jar target/descent-0.1.0-SNAPSHOT.jar --descent.data-dir=/tmp/gap-data --logging.level.root=WARN "$@" > /tmp/gap-node.log 2>&1 &
NODE=$!
for i in $(seq 1 90); do curl -sf localhost:8080/actuator/health >/dev/null && break; sleep 1; done
python3 - <<'PY'
import json, statistics, time, urllib.request
def call(url, method="GET", body=None):
    req = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r: return json.load(r)
spec = {"dataset": {"id": "fashion-mnist", "validation": "test"}, "model": {"layers": [{"units": 256, "activation": "relu", "dropout": 0.2}, {"units": 256, "activation": "relu", "dropout": 0.5}]},
        "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.5}, "epochs": 10, "batchSize": 256}
rates = []
for seed in (42, 43, 44, 45):
    job = call("http://localhost:8080/api/v1/jobs", "POST", dict(spec, seed=seed))
    while job["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
        time.sleep(0.3); job = call("http://localhost:8080/api/v1/jobs/" + job["id"])
    rows = call("http://localhost:8080/api/v1/jobs/" + job["id"] + "/metrics")
    rates.append(statistics.median(r["samplesPerSecond"] for r in rows[1:]))
print("rates", [round(r) for r in rates], "median of the last 3", round(statistics.median(rates[1:])))
PY
kill $NODE; wait $NODE 2>/dev/null
