#!/usr/bin/env python3
"""Intra-op thread count of Descent's training core, with the machine idle and with the other core
busy (a shared VM): the table that chooses the default. Runs io.descent.bench.DjlAlone (the canonical
job, no service) once per setting. Needs `mvn -DskipTests package` (or test-compile) and Debian's
dataset-fashion-mnist; nothing else may run meanwhile.

    python3 bench/threads.py
"""
import json
import os
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def classpath():
    cp_file = os.path.join(ROOT, "target", "bench.classpath")
    if not os.path.exists(cp_file):
        subprocess.run(["mvn", "-q", "-B", "-o", "dependency:build-classpath", "-Dmdep.outputFile=" + cp_file], cwd=ROOT, check=True)
    return ":".join([os.path.join(ROOT, "target", "classes"), os.path.join(ROOT, "target", "test-classes"), open(cp_file).read().strip()])


def run(threads, env_extra):
    env = dict(os.environ, DJL_OFFLINE="true", **env_extra)
    out = subprocess.run(["java", f"-Dai.djl.pytorch.num_threads={threads}", "-cp", classpath(), "io.descent.bench.DjlAlone", "42"],
                         capture_output=True, text=True, env=env, check=True).stdout
    result = json.loads([l for l in out.splitlines() if l.startswith("{")][-1])
    return statistics.median(result["samplesPerSecond"][1:])


def main():
    rows = []
    for busy in (False, True):
        spinner = subprocess.Popen(["sh", "-c", "while :; do :; done"]) if busy else None
        try:
            for threads, extra, label in ((1, {}, ""), (2, {}, ""), (2, {"OMP_WAIT_POLICY": "PASSIVE"}, " OMP_WAIT_POLICY=PASSIVE")):
                rows.append((("other core busy" if busy else "idle"), f"{threads}{label}", run(threads, extra)))
                print(f"{rows[-1][0]:<16} threads {rows[-1][1]:<28} {rows[-1][2]:>9,.0f} samples/s", flush=True)
        finally:
            if spinner:
                spinner.kill()


if __name__ == "__main__":
    main()
