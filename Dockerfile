# Descent: the Spring Boot jar built with Maven, run on a slim Debian JRE with Fashion-MNIST
# installed. Both stages start from one Debian base; JDK, Maven and gcc come from Debian too.
#
#   docker build -t descent:local .                       # builds the jar inside (needs Maven Central)
#   docker build -t descent:local --target prebuilt -f Dockerfile target/
#                                                         # the jar `mvn package` built outside
#
# (or `docker compose up --build`, see docker-compose.yml). The second form is the offline one: it
# needs nothing but a Debian mirror, for a machine whose containers reach no Maven repository; its
# context is target/, where it takes the one descent-*.jar. Where no registry answers either,
# deploy/base-images.sh makes the base from Debian's packages: add
# --build-arg BASE_IMAGE=descent-local/debian:bookworm (README: "Air-gapped build").
# MAVEN_MIRROR=<url> points the build stage at an artifact proxy instead of Central.
#
# Stage order matters to Docker's classic builder (Debian's docker.io without buildx), which builds
# every stage up to the target: runtime-base and prebuilt come first, so `--target prebuilt` never
# runs the build stage.
ARG BASE_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------
# Runtime base: everything but the jar
# ---------------------------------------------------------------------------------------------
# Debian rather than eclipse-temurin:17-jre (Ubuntu): dataset-fashion-mnist is in bookworm's main,
# so the full dataset comes from the distribution and nothing is fetched at run time.
FROM ${BASE_IMAGE} AS runtime-base

# The slim image drops man pages; a JRE's postinst may still register man links with
# update-alternatives, which fails when the directory is missing.
# dataset-fashion-mnist puts the four IDX .gz files in /usr/share/datasets/fashion-mnist, the
# default of descent.datasets.fashion-mnist-dir; the `test` fails the build if that ever moves.
# curl is only for the HEALTHCHECK below.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless \
      dataset-fashion-mnist \
      curl \
 && rm -rf /var/lib/apt/lists/* \
 && test -s /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz

# A fixed uid and gid, so volume ownership is predictable across rebuilds and hosts. Its home is
# the state directory, so anything that defaults to ~ (DJL's ~/.djl.ai) is writable too.
RUN groupadd --system --gid 10001 descent \
 && useradd --system --uid 10001 --gid descent --home-dir /var/lib/descent --no-create-home \
      --shell /usr/sbin/nologin descent \
 && mkdir -p /var/lib/descent/data /var/lib/descent/djl-cache /var/lib/descent/checkpoints /var/lib/descent/datasets /opt/descent \
 && chown -R descent:descent /var/lib/descent

# DJL_OFFLINE must be set before the first DJL class loads, or the engine probes a cloud metadata
# address at start; main() sets the properties too, this covers anything that runs earlier.
# OPT_OUT_TRACKING stops DJL's usage telemetry call.
# DJL_CACHE_DIR: where DJL unpacks the PyTorch natives (~430 MB, ~2.5 s on the first start); on the
# volume, so later starts and container re-creations reuse them.
# DESCENT_DATA_DIR: the H2 database (and later artifacts), on the volume.
# LANG: JDK 17 takes file.encoding and file-name encoding from the locale, and the image has none.
# A container listens on every interface (the port is published), so API keys are required: with
# none configured the first start prints an admin key once in the log (`docker logs <container>`);
# pass your own instead with -e DESCENT_SECURITY_ADMIN_KEY=dsk_... (README: "Running it exposed").
ENV SERVER_ADDRESS=0.0.0.0
ENV DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true \
    DJL_CACHE_DIR=/var/lib/descent/djl-cache \
    DESCENT_DATA_DIR=/var/lib/descent/data \
    LANG=C.UTF-8

# Declared after the directories are created and chowned: a new named volume is seeded from the
# image, ownership included. (A bind mount is not: chown the host directory to 10001 yourself.)
VOLUME /var/lib/descent
WORKDIR /var/lib/descent

# Numeric, so orchestrators that require a non-root uid (runAsNonRoot) can check it.
USER 10001:10001

EXPOSE 8080

# Actuator answers 503 while any health indicator is DOWN (the database's among them); curl -f
# turns that into a failure. The start period covers JVM start, Flyway and the first native
# unpack. SERVER_PORT, when set (host networking gives each node its own), moves the check along.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health" || exit 1

# Exec form: java is PID 1 and receives SIGTERM itself, so Spring shuts down gracefully (the
# worker gets descent.worker.shutdown-wait to stop its job).
ENTRYPOINT ["java", "-jar", "/opt/descent/descent.jar"]

# ---------------------------------------------------------------------------------------------
# prebuilt: the jar built outside (`mvn -DskipTests package`), context target/
# ---------------------------------------------------------------------------------------------
# The classic builder passes through these two stages in a normal build too, with the repository as
# the context and no jar in it (.dockerignore): pom.xm[l] keeps the COPY from matching nothing, and
# the stage then ends without a jar, unused. With target/ as the context there must be exactly one
# jar (the glob skips Spring Boot's thin descent-*.jar.original).
FROM ${BASE_IMAGE} AS prebuilt-jar
WORKDIR /context
COPY descent-*.jar pom.xm[l] ./
RUN mkdir /jar \
 && if [ ! -f pom.xml ]; then \
      set -- descent-*.jar; \
      if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then echo "prebuilt: want one descent-*.jar in the context, found: $*" >&2; exit 1; fi; \
      mv "$1" /jar/descent.jar; \
    fi

FROM runtime-base AS prebuilt
# Owned by root and read-only to the service user: the application cannot rewrite itself.
COPY --from=prebuilt-jar /jar/ /opt/descent/

# ---------------------------------------------------------------------------------------------
# Build stage
# ---------------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS build
WORKDIR /build

# Debian's JDK 17 and Maven (3.8), the versions README names. gcc builds
# src/main/native/mkl_dispatch.c (MKL's fast GEMM kernels on non-Intel CPUs); without it the build
# still succeeds and the jar lacks the library. The man directory: see the runtime base.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && apt-get install -y --no-install-recommends \
      openjdk-17-jdk-headless maven ca-certificates gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*

# An artifact proxy (Nexus, Artifactory, a plain HTTP copy of a Maven repository) that mirrors
# Central, for networks that reach no internet; empty: Central itself.
ARG MAVEN_MIRROR=
RUN if [ -n "$MAVEN_MIRROR" ]; then mkdir -p /root/.m2 && printf '%s\n' \
      '<settings><mirrors><mirror><id>proxy</id><mirrorOf>*</mirrorOf>' \
      "<url>$MAVEN_MIRROR</url></mirror></mirrors></settings>" >/root/.m2/settings.xml; fi

# The pom alone first, so the dependency download (the PyTorch native jar alone is ~112 MB) is a
# cached layer that only a pom change invalidates.
COPY pom.xml .
# Best effort: go-offline cannot resolve every plugin's lazily loaded dependencies and may fail;
# whatever it fetched stays cached, and `package` below fetches the rest, so a failure is not fatal.
RUN mvn -B -q dependency:go-offline || true

# The whole context rather than `COPY src`: the pom also reads openapi/ as a resource, and
# .dockerignore keeps target/, data/, .git and benchmark output out.
COPY . .
# Tests run in CI, not in the image build (they train small models and take minutes on 2 cores).
# The glob follows a version bump; Spring Boot keeps the thin jar as *.jar.original, which it skips.
RUN mvn -B -DskipTests package \
 && cp target/descent-*.jar /build/descent.jar

# ---------------------------------------------------------------------------------------------
# runtime (the default target): the jar of the build stage on the runtime base
# ---------------------------------------------------------------------------------------------
FROM runtime-base AS runtime
# Owned by root and read-only to the service user, as in prebuilt.
COPY --from=build /build/descent.jar /opt/descent/descent.jar
