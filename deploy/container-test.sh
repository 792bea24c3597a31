#!/usr/bin/env bash
# The container test: the image and the compose cluster built and run here, then broken on purpose.
#
#   deploy/container-test.sh
#
# On a fresh Debian bookworm machine, as root: installs Docker, Compose and debootstrap when
# missing, starts dockerd, makes the local base images (deploy/base-images.sh, cached), builds the
# jar on the host when target/ has none and the image from it (Dockerfile's `prebuilt` target), then
# runs docker-compose.yml with deploy/compose.container-test.yml as project descent-ctest (host
# networking, loopback only) and prints PASS or FAIL per check. Always tears the project down,
# volumes included. Exit status: the number of failed checks (0: all passed).
set -uo pipefail
cd "$(dirname "$0")/.."

PROJECT=descent-ctest
IMAGE=descent:container-test
# Loopback ports of the test (deploy/compose.container-test.yml reads the same variables).
export DESCENT_TEST_PG_PORT=${DESCENT_TEST_PG_PORT:-55432} DESCENT_TEST_API_PORT=${DESCENT_TEST_API_PORT:-48180} \
  DESCENT_TEST_WORKER_PORTS=${DESCENT_TEST_WORKER_PORTS:-48200} DESCENT_TEST_PROMETHEUS_PORT=${DESCENT_TEST_PROMETHEUS_PORT:-49090}
# Host networking cannot publish ports, and an override can only add to a service's `ports`, so the
# published file runs here with its `ports` taken out (RENDERED, made below), then the override.
RENDERED=/tmp/descent-ctest-compose.$$.yml
COMPOSE=(docker-compose -p "$PROJECT" --project-directory . -f "$RENDERED" -f deploy/compose.container-test.yml)
export DESCENT_TEST_IMAGE=$IMAGE
DESCENT_ADMIN_KEY=dsk_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
# Prometheus scrapes with the scrape token, as in the published file.
DESCENT_SCRAPE_TOKEN=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
export DESCENT_ADMIN_KEY DESCENT_SCRAPE_TOKEN
export DESCENT_TEST_PROMETHEUS_CONFIG=/tmp/descent-ctest-prometheus.$$.yml
STARTED=$SECONDS
FAILED=0

log() { printf '%5ds  %s\n' "$((SECONDS - STARTED))" "$*"; }
pass() { log "PASS  $*"; }
fail() { log "FAIL  $*"; FAILED=$((FAILED + 1)); }

# --- prerequisites ----------------------------------------------------------------------------
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v curl >/dev/null || need+=(curl)
python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
if [[ ! -f $(ls target/descent-*.jar 2>/dev/null | head -1) ]]; then
  command -v mvn >/dev/null || need+=(maven)
  command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
  command -v gcc >/dev/null || need+=(gcc libc6-dev)
fi
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || exit 100
fi
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (log: /var/log/dockerd.log)"
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start"; exit 100; }
fi
# A port another process holds (a PostgreSQL left by an earlier run, another test on a shared CI
# host) must not fail the test: the check moves to the next free port and says which it took.
# Containers an interrupted run of this project left hold its ports: they go first.
leftover=$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")
[[ -n $leftover ]] && { log "removing containers an earlier run left"; docker rm -f -v $leftover >/dev/null; }
taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for var in DESCENT_TEST_PG_PORT DESCENT_TEST_API_PORT DESCENT_TEST_PROMETHEUS_PORT; do
  port=${!var}
  if taken "$port"; then
    holder=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*' | head -1 | cut -d'(' -f3)
    next=$port
    while taken "$next" || [[ $next == "$DESCENT_TEST_PG_PORT" || $next == "$DESCENT_TEST_API_PORT" || $next == "$DESCENT_TEST_PROMETHEUS_PORT" ]]; do
      next=$((next + 1)); ((next < port + 100)) || { log "no free port in $port-$((port + 99))"; exit 100; }
    done
    log "port $port is taken on this host${holder:+ (by $holder)}; $var=$next"
    printf -v "$var" '%s' "$next"; export "${var?}"
  fi
done
API=http://127.0.0.1:$DESCENT_TEST_API_PORT
deploy/base-images.sh 2>&1 | grep -v -e DEPRECATED -e 'legacy builder' -e buildx -e '^ *$' | sed 's/^/       /' || exit 100
if [[ ! -f $(ls target/descent-*.jar 2>/dev/null | head -1) ]]; then
  log "building the jar on the host: mvn -B -q -DskipTests package"
  mvn -B -q -DskipTests package || exit 100
fi
log "building $IMAGE (target prebuilt, context target/)"
docker build -q --network host -t "$IMAGE" --target prebuilt --build-arg BASE_IMAGE=descent-local/debian:bookworm \
  -f Dockerfile target/ 2>&1 | grep -v -e DEPRECATED -e 'legacy builder' -e buildx -e '^ *$' | sed 's/^/       /'
docker image inspect "$IMAGE" >/dev/null 2>&1 || { log "image build failed"; exit 100; }

# The image's VOLUME /var/lib/descent (DJL's unpacked natives, ~430 MB) is an anonymous volume per
# container; `down -v` removes those of the containers it removes, so the ones a mid-test `down`
# leaves behind are remembered here and removed at the end.
ANONYMOUS_VOLUMES=()
remember_volumes() {
  local c
  for c in $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"); do
    ANONYMOUS_VOLUMES+=($(docker inspect -f '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}' "$c" | tr ' ' '\n' | grep -E '^[0-9a-f]{64}$'))
  done
}
teardown() {
  local status=$?
  log "tearing down $PROJECT"
  "${COMPOSE[@]}" down -t 10 -v --remove-orphans >/dev/null 2>&1
  ((${#ANONYMOUS_VOLUMES[@]})) && docker volume rm "${ANONYMOUS_VOLUMES[@]}" >/dev/null 2>&1
  rm -f "$RENDERED" "$DESCENT_TEST_PROMETHEUS_CONFIG"
  if ((status == 130)); then log "INTERRUPTED after $((SECONDS - STARTED)) s"
  elif ((FAILED == 0 && status == 0)); then log "ALL PASSED in $((SECONDS - STARTED)) s"
  else log "FAILED ($FAILED checks) in $((SECONDS - STARTED)) s"; fi
}
trap teardown EXIT
trap 'exit 130' INT TERM
# Prometheus's configuration under host networking: the published one's jobs with loopback targets,
# the api node's port and every port a worker may take (the live ones are checked below).
python3 - "$DESCENT_TEST_API_PORT" "$DESCENT_TEST_WORKER_PORTS" "$DESCENT_TEST_PROMETHEUS_CONFIG" <<'EOF' || exit 100
import sys, yaml
api, first, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
config = yaml.safe_load(open("deploy/prometheus/prometheus.yml"))
for job in config["scrape_configs"]:
    job.pop("dns_sd_configs", None)
    job.pop("relabel_configs", None)
    if job["job_name"] == "descent-api":
        job["static_configs"] = [{"targets": [f"127.0.0.1:{api}"], "labels": {"role": "api"}}]
    else:
        job["static_configs"] = [{"targets": [f"127.0.0.1:{p}" for p in range(first, first + 100)], "labels": {"role": "worker"}}]
config["global"]["scrape_interval"] = "2s"
yaml.safe_dump(config, open(out, "w"), sort_keys=False)
EOF
python3 - docker-compose.yml "$RENDERED" <<'EOF' || exit 100
import sys, yaml
compose = yaml.safe_load(open(sys.argv[1]))
for service in compose["services"].values():
    service.pop("ports", None)
yaml.safe_dump(compose, open(sys.argv[2], "w"), sort_keys=False)
EOF
if docker-compose -f docker-compose.yml config -q && "${COMPOSE[@]}" config -q; then
  pass "docker-compose config accepts docker-compose.yml, and it with the test's override"
else
  fail "docker-compose config"
  exit "$FAILED"
fi
"${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1   # what an interrupted run left

# --- helpers ----------------------------------------------------------------------------------
api() { curl -fsS -H "Authorization: Bearer $DESCENT_ADMIN_KEY" "$@"; }
submit() { api -X POST "$API/api/v1/jobs" -H 'Content-Type: application/json' -d "$1" | json 'd["id"]'; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
job() { api "$API/api/v1/jobs/$1" | json "$2"; }
# Polls a command until it prints a line equal to the expected value or the seconds run out.
await() {
  local seconds=$1 expected=$2 got; shift 2
  for _ in $(seq "$seconds"); do
    got=$("$@" 2>/dev/null) && [[ $got == "$expected" ]] && return 0
    sleep 1
  done
  return 1
}
health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null; }
workers() { "${COMPOSE[@]}" ps -q worker 2>/dev/null | while read -r c; do [[ $(docker inspect -f '{{.State.Running}}' "$c") == true ]] && echo "$c"; done; }
healthy_workers() { local n=0; for c in $(workers); do [[ $(health "$c") == healthy ]] && n=$((n + 1)); done; echo "$n"; }
api_container() { "${COMPOSE[@]}" ps -q api; }
# Epochs 1..n, each once, in the job's metrics.
epochs_exact() { api "$API/api/v1/jobs/$1/metrics" | json "[r['epoch'] for r in (d if isinstance(d, list) else d['content'])] == list(range(1, $2 + 1))"; }
# The container a node name runs in: worker-<12 hex of its container id>, and -t<n> for the node's
# trainer processes.
container_of() { local id=${1#worker-}; echo "${id%%-*}"; }
# One line per event, "STATUS node reason"; whole before it is printed, so `grep -m1` may stop early.
events() {
  local all
  all=$(api "$API/api/v1/jobs/$1/events" | json "'\n'.join(e['status'] + ' ' + (e['node'] or '-') + ' ' + (e['reason'] or '') for e in d)")
  printf '%s\n' "$all"
}

# A job a few seconds long per epoch here, so a worker can be broken mid-run after its first
# checkpoints (the shape of StalledNodeIT's).
LONG_SPEC='{"name": "container-test-long", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
  "model": {"layers": [{"units": 256}, {"units": 256}]},
  "optimizer": {"type": "adam", "lr": 0.001}, "epochs": 10, "batchSize": 16, "seed": 5}'
LONG_EPOCHS=10

# --- the cluster --------------------------------------------------------------------------------
log "docker-compose up: postgres, api, 2 workers"
"${COMPOSE[@]}" up -d --no-build --scale worker=2 >/dev/null 2>&1 || fail "docker-compose up"
# Our admin key answering proves the port is our API node's, not another service's on the host.
if await 180 healthy health "$(api_container)" && await 120 2 healthy_workers \
   && [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $DESCENT_ADMIN_KEY" "$API/api/v1/jobs") == 200 ]]; then
  pass "PostgreSQL, the API node and two workers are healthy"
else
  fail "cluster healthy (api: $(health "$(api_container)"), healthy workers: $(healthy_workers))"
  "${COMPOSE[@]}" logs --tail=40 >&2
  exit "$FAILED"
fi

# --- the image ----------------------------------------------------------------------------------
if docker exec "$(api_container)" bash -c '[[ $(id -u):$(id -g) == 10001:10001 ]] && [[ $(stat -c %u:%a /opt/descent/descent.jar) == 0:644 ]] && ! test -w /opt/descent/descent.jar && ! test -w /opt/descent'; then
  pass "runs as uid 10001; the jar is root's and read-only to it"
else
  fail "uid 10001 / read-only jar"
fi
tools=$(docker run --rm --entrypoint bash "$IMAGE" -c 'for t in javac jar mvn gcc cc make; do command -v $t; done; dpkg-query -W -f "\${Package}\n" | grep -E "^(openjdk-.*-jdk.*|maven|gcc(-[0-9]+)?|cpp(-[0-9]+)?|make|libc6-dev)$"')
if [[ -z $tools ]]; then pass "no build tools in the image (no javac, mvn, gcc, make, JDK or libc6-dev)"; else fail "build tools in the image: $tools"; fi
if [[ $(api "$API/api/v1/datasets" | json "sorted(x['id'] for x in (d if isinstance(d, list) else d['content']) if x['available'])") == *"'fashion-mnist'"* ]]; then
  pass "fashion-mnist (Debian's dataset-fashion-mnist) is listed as available"
else
  fail "fashion-mnist available"
fi
if [[ $(curl -s -o /dev/null -w '%{http_code}' "$API/api/v1/jobs") == 401 ]]; then pass "a request without a key is refused (401)"; else fail "keys required"; fi

# --- the canonical subset job ---------------------------------------------------------------------
CANON=$(submit '{"dataset": {"id": "fashion-mnist-small"}, "model": {"layers": [{"units": 64}]}, "optimizer": {"type": "adam", "lr": 0.001}, "epochs": 5}')
if await 180 SUCCEEDED job "$CANON" 'd["status"]' && [[ $(epochs_exact "$CANON" 5) == True ]]; then
  pass "the canonical subset job trains: SUCCEEDED, epochs 1..5 (node $(job "$CANON" 'd["node"]'))"
else
  fail "canonical job: $(job "$CANON" 'd["status"], d["error"]')"
fi

# --- Prometheus: every node a target, up, and the job's samples counted --------------------------
prom() { curl -fsS "http://127.0.0.1:$DESCENT_TEST_PROMETHEUS_PORT$1"; }
# True when the api node's target and every running worker's are up (scraped with the token).
targets_up() {
  local ports
  ports=$(for c in $(workers); do docker exec "$c" cat /tmp/descent-port; done | tr '\n' ' ')
  prom /api/v1/targets | python3 -c "
import json, sys
up = {t['labels']['instance'] for t in json.load(sys.stdin)['data']['activeTargets'] if t['health'] == 'up'}
want = {'127.0.0.1:$DESCENT_TEST_API_PORT'} | {'127.0.0.1:' + p for p in '$ports'.split()}
print(len(want) == 3 and want <= up)"
}
samples_counted() { prom '/api/v1/query?query=sum(descent_training_samples_total)' | json "float(d['data']['result'][0]['value'][1]) >= 20000"; }
if await 90 True targets_up && await 30 True samples_counted; then
  pass "Prometheus scrapes the api node and both workers with the scrape token (targets up); it counts the job's 20,000 samples"
else
  fail "Prometheus targets: $(prom /api/v1/targets | json "[(t['labels']['instance'], t['health'], t['lastError']) for t in d['data']['activeTargets'] if t['health'] != 'unknown'][:6]" 2>&1)"
fi

# --- scaling ---------------------------------------------------------------------------------------
"${COMPOSE[@]}" up -d --no-build --no-recreate --scale worker=3 >/dev/null 2>&1
if await 180 3 healthy_workers; then pass "--scale worker=3 adds a third healthy worker"; else fail "scale to 3 (healthy: $(healthy_workers))"; fi

# --- docker kill of the training worker: another resumes from the checkpoint ---------------------
KILLED_JOB=$(submit "$LONG_SPEC")
if await 240 True job "$KILLED_JOB" 'd["status"] == "RUNNING" and d["currentEpoch"] >= 2'; then
  victim=$(job "$KILLED_JOB" 'd["node"]')
  docker kill "$(container_of "$victim")" >/dev/null
  log "killed $victim (SIGKILL) after epoch $(job "$KILLED_JOB" 'd["currentEpoch"]')"
  if await 300 SUCCEEDED job "$KILLED_JOB" 'd["status"]'; then
    heir=$(job "$KILLED_JOB" 'd["node"]')
    took=$(events "$KILLED_JOB" | grep -m1 "after node $victim stopped heartbeating")
    if [[ $heir != "$victim" && -n $took && $took == *"resumed "* && $(epochs_exact "$KILLED_JOB" $LONG_EPOCHS) == True ]]; then
      pass "docker kill: ${took#RUNNING * }; SUCCEEDED, epochs 1..$LONG_EPOCHS each once"
    else
      fail "docker kill: node $heir, events:"$'\n'"$(events "$KILLED_JOB")"
    fi
  else
    fail "docker kill: the job did not finish: $(job "$KILLED_JOB" 'd["status"], d["error"]')"
  fi
else
  fail "docker kill: the job never reached epoch 2 ($(job "$KILLED_JOB" 'd["status"]'))"
fi

# --- docker stop (SIGTERM) of the training worker: requeued within the grace period ---------------
STOPPED_JOB=$(submit "${LONG_SPEC/container-test-long/container-test-sigterm}")
if await 240 True job "$STOPPED_JOB" 'd["status"] == "RUNNING" and d["currentEpoch"] >= 1'; then
  victim=$(job "$STOPPED_JOB" 'd["node"]')
  t0=$SECONDS
  docker stop "$(container_of "$victim")" >/dev/null   # SIGTERM; SIGKILL after stop_grace_period (45 s)
  stopped_in=$((SECONDS - t0))
  code=$(docker inspect -f '{{.State.ExitCode}}' "$(container_of "$victim")")
  requeued=$(events "$STOPPED_JOB" | grep -m1 "^QUEUED $victim")
  log "stopped $victim in ${stopped_in} s, exit code $code; ${requeued:-no requeue event}"
  if await 300 SUCCEEDED job "$STOPPED_JOB" 'd["status"]'; then
    heir=$(job "$STOPPED_JOB" 'd["node"]')
    if [[ -n $requeued && $code != 137 && $stopped_in -lt 45 && $heir != "$victim" && $(epochs_exact "$STOPPED_JOB" $LONG_EPOCHS) == True ]]; then
      pass "docker stop: requeued in ${stopped_in} s (< 45 s grace, exit $code, no SIGKILL); finished on $heir, epochs 1..$LONG_EPOCHS each once"
    else
      fail "docker stop: ${stopped_in} s, exit $code, node $heir, events:"$'\n'"$(events "$STOPPED_JOB")"
    fi
  else
    fail "docker stop: the job did not finish: $(job "$STOPPED_JOB" 'd["status"], d["error"]')"
  fi
else
  fail "docker stop: the job never started ($(job "$STOPPED_JOB" 'd["status"]'))"
fi

# --- volumes: down and up keeps jobs, metrics and checkpoints ---------------------------------------
remember_volumes
t0=$SECONDS
"${COMPOSE[@]}" down >/dev/null 2>&1
log "docker-compose down in $((SECONDS - t0)) s; up again"
"${COMPOSE[@]}" up -d --no-build >/dev/null 2>&1
if await 180 healthy health "$(api_container)" \
   && [[ $(job "$CANON" 'd["status"]') == SUCCEEDED && $(epochs_exact "$CANON" 5) == True ]] \
   && [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $DESCENT_ADMIN_KEY" "$API/api/v1/jobs/$CANON/model") == 200 ]]; then
  pass "after docker-compose down and up: the jobs, their metrics and the model (checkpoints volume) are there"
else
  fail "data after down/up: $(job "$CANON" 'd["status"]' 2>&1)"
fi

# --- the HEALTHCHECK follows the database -------------------------------------------------------
# health_db: the HTTP status of /actuator/health and the db indicator's status in it (the override
# shows components on the api node); -m 60: with the database gone the pool waits up to its 30 s
# connection timeout before the indicator answers.
health_db() { curl -s -m 60 -w ' %{http_code}' "$API/actuator/health" | python3 -c 'import json,sys; body, code = sys.stdin.read().rsplit(" ", 1); print(code, json.loads(body or "{}").get("components", {}).get("db", {}).get("status"))'; }
before=$(health_db)
"${COMPOSE[@]}" stop postgres >/dev/null 2>&1
if await 120 unhealthy health "$(api_container)" && after=$(health_db) && [[ $before == "200 UP" && $after == "503 DOWN" ]]; then
  pass "the HEALTHCHECK goes unhealthy with PostgreSQL stopped (/actuator/health: $before before, $after after)"
else
  fail "HEALTHCHECK with the database stopped: $(health "$(api_container)"); /actuator/health: ${before:-?} before, ${after:-?} after"
fi
exit "$FAILED"
