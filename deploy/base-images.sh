#!/usr/bin/env bash
# Makes the local base images that Dockerfile and the container test build on, from Debian's own
# packages only, for machines that reach a Debian mirror but no image registry (air-gapped
# clusters, this project's CI):
#
#   deploy/base-images.sh            # every image below that is missing
#   deploy/base-images.sh --force    # rebuild them all
#
#   descent-local/debian:bookworm    debootstrap --variant=minbase of bookworm, from the mirror the
#                                    host's apt uses; the BASE_IMAGE of Dockerfile's both stages
#   descent-local/postgres:15        Debian's postgresql on that base, with the official image's
#                                    POSTGRES_* variables (deploy/images/postgres/)
#   descent-local/prometheus:2       Debian's prometheus (2.42) on that base, laid out as the official
#                                    image (deploy/images/prometheus/)
#
# Each image but the first is a directory deploy/images/<name>/ with a Dockerfile that starts
# `ARG BASE_IMAGE` / `FROM ${BASE_IMAGE}`; adding one (say, Debian's prometheus) is that directory
# plus its name in LOCAL_IMAGES. The published docker-compose.yml keeps the official images.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=${BASE_IMAGE:-descent-local/debian:bookworm}
# name:tag of each image built from deploy/images/<name>/.
LOCAL_IMAGES=(postgres:15 prometheus:2)
SUITE=bookworm
FORCE=false
[[ "${1:-}" == --force ]] && FORCE=true

missing() { $FORCE || ! docker image inspect "$1" >/dev/null 2>&1; }

# The host's mirror (deb822 or one-line sources); http keeps apt inside containers free of
# certificate checks that a TLS-intercepting proxy would fail.
host_mirror() {
  local uri
  uri=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
        | grep -m1 -E '/debian/?( |$)' | sed -E 's/^URIs:[[:space:]]*//; s/^deb (\[[^]]*\] )?//; s/[[:space:]].*$//')
  echo "${uri:-http://deb.debian.org/debian}"
}

make_debian() {
  local mirror dir
  mirror=${DEBIAN_MIRROR:-$(host_mirror)}
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; }
  dir=$(mktemp -d /tmp/descent-debootstrap.XXXXXX)
  trap 'rm -rf "$dir"' RETURN
  echo "base-images: debootstrap $SUITE from $mirror"
  debootstrap --variant=minbase "$SUITE" "$dir" "$mirror" >/dev/null
  # The slim image's habits: no apt caches or man pages kept, and the same suites as the host.
  printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$SUITE" "$mirror" "$SUITE" >"$dir/etc/apt/sources.list"
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb
  tar -C "$dir" -c . | docker import --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  echo "base-images: $BASE_IMAGE"
}

if missing "$BASE_IMAGE"; then make_debian; else echo "base-images: $BASE_IMAGE present"; fi

for image in "${LOCAL_IMAGES[@]}"; do
  name=${image%%:*}
  tag="descent-local/$image"
  if missing "$tag"; then
    # Host networking: apt reaches the mirror as the host does, whatever the bridge allows.
    docker build -q --network host --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$tag" "deploy/images/$name" >/dev/null
    echo "base-images: $tag"
  else
    echo "base-images: $tag present"
  fi
done
