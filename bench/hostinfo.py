"""What machine a benchmark ran on: CPU (from `lscpu`), the SIMD flags that decide which kernels run,
the BLAS library, and -- when the caller has torch loaded -- torch's build and thread settings.

Standard library only, so the HTTP benchmarks can use it too. `blas_library()` works before numpy or
torch are imported (it resolves Debian's libblas.so.3 alternative), which is when a script has to
choose OPENBLAS_NUM_THREADS.

    /usr/bin/python3 bench/hostinfo.py        # prints the record as JSON (with torch, if installed)
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys

# Flags that change which GEMM / element-wise kernels a library picks, in rough order of generation.
SIMD_FLAGS = ("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512bw", "avx512vl",
              "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8")

# Debian's BLAS alternatives (update-alternatives --display libblas.so.3-x86_64-linux-gnu).
LIBBLAS = "/usr/lib/x86_64-linux-gnu/libblas.so.3"


def lscpu():
    """`lscpu`'s "Key: value" lines as a dict ({} when lscpu is missing)."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"),
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    fields = {}
    for line in out.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def cpu_count():
    """What `nproc` prints: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 0


def blas_library():
    """Which BLAS Debian's libblas.so.3 resolves to, without loading it: (path, kind) where kind is
    'openblas-pthread', 'openblas-openmp', 'openblas-serial', 'reference', 'blis', 'mkl' or 'unknown'."""
    path = os.path.realpath(LIBBLAS) if os.path.exists(LIBBLAS) else None
    return path, blas_kind(path)


def blas_kind(path):
    if not path:
        return "unknown"
    p = path.lower()
    for kind in ("openblas-pthread", "openblas-openmp", "openblas-serial"):
        if kind in p:
            return kind
    if "openblas" in p:
        return "openblas"
    if "blis" in p:
        return "blis"
    if "mkl" in p:
        return "mkl"
    if re.search(r"/blas/libblas\.so", p):
        return "reference"  # netlib's libblas3: single-threaded, unoptimized
    return "unknown"


def loaded_libraries(pattern=r"blas|lapack|gomp|iomp|mkl"):
    """Shared libraries matching pattern that this process has mapped (what actually got loaded)."""
    found = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and parts[-1].startswith("/") and re.search(pattern, os.path.basename(parts[-1])):
                    found.add(parts[-1])
    except OSError:
        pass
    return sorted(found)


def torch_info(torch):
    """torch's version, BLAS build line and thread settings (torch is the caller's imported module)."""
    config = torch.__config__.show()
    build = re.search(r"Build settings: (.*)", config)
    settings = {}
    if build:
        for item in build.group(1).split(", "):
            key, sep, value = item.partition("=")
            if sep and key in ("BLAS_INFO", "LAPACK_INFO", "USE_MKL", "USE_MKLDNN", "USE_OPENMP", "TORCH_VERSION",
                               "PERF_WITH_AVX512", "USE_CUDA"):
                settings[key] = value.strip()
    capability = re.search(r"CPU capability usage: (\S+)", config)
    return {
        "version": torch.__version__,
        "build": settings,
        "cpuCapability": capability.group(1) if capability else None,
        "mklAvailable": torch.backends.mkl.is_available(),
        "mkldnnAvailable": torch.backends.mkldnn.is_available(),
        "intraOpThreads": torch.get_num_threads(),
        "interOpThreads": torch.get_num_interop_threads(),
        "parallelInfo": [l.strip() for l in torch.__config__.parallel_info().splitlines() if l.strip()],
    }


# Float32 FLOP per cycle per core of the vector units, by (vendor, family, models): FMA pipes × lanes × 2.
# Only microarchitectures whose pipes are documented; anything else is "unknown" rather than a guess.
FP32_FLOP_PER_CYCLE = [
    ("AuthenticAMD", 25, range(0x10, 0x20), 32, "Zen 4 (Genoa): 2 × 256-bit FMA pipes"),
    ("AuthenticAMD", 25, range(0x00, 0x10), 32, "Zen 3 (Milan): 2 × 256-bit FMA pipes"),
    ("AuthenticAMD", 23, range(0x30, 0x40), 32, "Zen 2 (Rome): 2 × 256-bit FMA pipes"),
    ("GenuineIntel", 6, (0x6A, 0x6C), 64, "Ice Lake-SP: 2 × 512-bit FMA units (Gold/Platinum)"),
    ("GenuineIntel", 6, (0x8F,), 64, "Sapphire Rapids: 2 × 512-bit FMA units"),
    ("GenuineIntel", 6, (0xCF,), 64, "Emerald Rapids: 2 × 512-bit FMA units"),
    ("GenuineIntel", 6, (0x55,), 64, "Skylake/Cascade Lake-SP: 2 × 512-bit FMA units (Gold 6xxx/Platinum)"),
    ("GenuineIntel", 6, (0xA7,), 32, "Rocket Lake: 1 × 512-bit FMA (ports 0+1 fused)"),
]
# A hypervisor may present a made-up model number (KVM's "Intel Xeon Processor" shows 167 on hosts
# with AMX); AMX exists only on Sapphire Rapids and later server cores, all with two 512-bit FMA units.
AMX_SERVER = (64, "AMX present: Sapphire Rapids or later server core, 2 × 512-bit FMA units (the model number may be the hypervisor's)")


def fp32_peak(info):
    """The CPUs' float32 peak in GFLOP/s (cores × FLOP/cycle × GHz) with how it was found; None fields where unknown.

    The clock is lscpu's max MHz, else /proc/cpuinfo's current MHz (a VM often shows only the latter)."""
    c = info["cpu"]
    try:
        family, model = int(c["family"]), int(c["model"])
    except (TypeError, ValueError):
        return {"gflops": None, "basis": "unknown CPU family/model"}
    if c["vendor"] == "GenuineIntel" and "amx_tile" in c["simd"]:
        match = (None, None, None) + AMX_SERVER
    else:
        match = next((m for m in FP32_FLOP_PER_CYCLE if m[0] == c["vendor"] and m[1] == family and model in m[2]), None)
    mhz = None
    cpu = lscpu()
    for key in ("CPU max MHz", "CPU MHz"):
        try:
            mhz = float(cpu[key])
            break
        except (KeyError, ValueError):
            pass
    if mhz is None:
        try:
            with open("/proc/cpuinfo") as f:
                mhz = float(next(l.split(":", 1)[1] for l in f if l.startswith("cpu MHz")))
        except (OSError, StopIteration, ValueError):
            pass
    if match is None or mhz is None:
        return {"gflops": None, "basis": "no documented FMA width for this CPU" if match is None else "no clock reported"}
    cores = c["nproc"]
    return {"gflops": round(cores * match[3] * mhz / 1000, 1),
            "basis": f"{cores} cores × {match[3]} FLOP/cycle ({match[4]}) × {mhz / 1000:.2f} GHz"}


def host_info(torch=None):
    """The record a benchmark stores with its results. Pass the imported torch module to include it."""
    cpu = lscpu()
    flags = set(cpu.get("Flags", "").split())
    if not flags:
        try:
            with open("/proc/cpuinfo") as f:
                flags = set(next((l.split(":", 1)[1] for l in f if l.startswith("flags")), "").split())
        except OSError:
            pass
    path, kind = blas_library()
    info = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "hostname": platform.node(),
        "kernel": platform.release(),
        "python": sys.version.split()[0],
        "cpu": {
            "vendor": cpu.get("Vendor ID"),
            "family": cpu.get("CPU family"),
            "model": cpu.get("Model"),
            "modelName": cpu.get("Model name"),
            "stepping": cpu.get("Stepping"),
            "cpus": cpu.get("CPU(s)"),
            "coresPerSocket": cpu.get("Core(s) per socket"),
            "threadsPerCore": cpu.get("Thread(s) per core"),
            "sockets": cpu.get("Socket(s)"),
            "hypervisor": cpu.get("Hypervisor vendor"),
            "l2": cpu.get("L2 cache"),
            "l3": cpu.get("L3 cache"),
            "nproc": cpu_count(),
            "simd": [f for f in SIMD_FLAGS if f in flags],
        },
        "blas": {"libblas.so.3": path, "kind": kind, "loaded": loaded_libraries()},
        "env": {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                           "OMP_WAIT_POLICY", "GOMP_SPINCOUNT") if k in os.environ},
    }
    info["fp32Peak"] = fp32_peak(info)
    if torch is not None:
        info["torch"] = torch_info(torch)
    return info


def one_line(info):
    """A header line for human output."""
    c = info["cpu"]
    line = "%s (vendor %s, family %s, model %s), nproc %s, SIMD %s, BLAS %s" % (
        c["modelName"], c["vendor"], c["family"], c["model"], c["nproc"], ",".join(c["simd"]) or "-",
        info["blas"]["kind"])
    peak = info.get("fp32Peak") or {}
    if peak.get("gflops"):
        line += ", fp32 peak %.0f GFLOP/s (%s)" % (peak["gflops"], peak["basis"])
    t = info.get("torch")
    if t:
        line += "; torch %s BLAS_INFO=%s, %d intra-op / %d inter-op threads" % (
            t["version"], t["build"].get("BLAS_INFO"), t["intraOpThreads"], t["interOpThreads"])
    return line


if __name__ == "__main__":
    try:
        import torch as _torch
    except ImportError:
        _torch = None
    record = host_info(_torch)
    print(one_line(record))
    print(json.dumps(record, indent=2))
