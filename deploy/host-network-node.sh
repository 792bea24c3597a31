#!/bin/bash
# Entrypoint of a scalable node under host networking (deploy/compose.container-test.yml): every
# container there shares the host's ports and host name, and java is PID 1 in each, so neither a
# fixed SERVER_PORT nor the default node name (host:pid) tells replicas apart. This takes the
# container's id from its own mounts for the name, and the first free port of the 100 from
# PORT_RANGE_START (48200) on, from a start the id picks, writes it where the healthcheck reads it, and becomes java.
set -euo pipefail
id=$(grep -o -m1 'containers/[0-9a-f]\{64\}' /proc/self/mountinfo | cut -d/ -f2)
[[ -n $id ]] || { echo "host-network-node: no container id in /proc/self/mountinfo" >&2; exit 1; }
export DESCENT_NODE_NAME="${NODE_NAME_PREFIX:-node}-${id:0:12}"

listening=" "
while read -r _ local _ state _; do
  [[ $state == 0A ]] && listening+="$((16#${local##*:})) "
done < <(tail -q -n +2 /proc/net/tcp /proc/net/tcp6 2>/dev/null)
start=$((16#${id:0:4} % 100))
base=${PORT_RANGE_START:-48200}
for i in $(seq 0 99); do
  port=$((base + (start + i) % 100))
  [[ $listening == *" $port "* ]] || break
done
# Two replicas starting in the same second may still pick one port: the loser fails to bind, exits,
# and a restart picks again.
export SERVER_PORT=$port
echo "$port" >/tmp/descent-port
exec java -jar /opt/descent/descent.jar "$@"
