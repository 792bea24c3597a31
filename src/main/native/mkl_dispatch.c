/*
 * Lets the Intel MKL that libtorch links statically pick its GEMM kernels by what the CPU can do
 * rather than by who made it. MKL asks mkl_serv_intel_cpu_true() before using its AVX2/AVX-512
 * code paths and falls back to a generic path on other vendors' CPUs; on the AMD EPYC this project
 * runs on that halves float32 GEMM speed (155 vs 365 GFLOP/s at the reference network's shapes,
 * docs/benchmarks.md). The kernels themselves still check the instruction sets they need.
 *
 * Java loads this library before DJL loads libtorch. Its JNI_OnLoad re-opens it with RTLD_GLOBAL,
 * which puts the definition below ahead of MKL's own in the lookup libtorch's calls go through.
 * No JNI header is needed: JNI_OnLoad and the one native method use plain C types.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

#define DESCENT_JNI_VERSION_1_8 0x00010008

int mkl_serv_intel_cpu_true(void) {
    return 1;
}

int JNI_OnLoad(void *vm, void *reserved) {
    (void) vm;
    (void) reserved;
    Dl_info info;
    if (dladdr((void *) &mkl_serv_intel_cpu_true, &info) != 0 && info.dli_fname != NULL) {
        dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    }
    return DESCENT_JNI_VERSION_1_8;
}

/* io.descent.system.MklDispatch.globallyVisible(): whether symbol lookup now finds this definition. */
unsigned char Java_io_descent_system_MklDispatch_globallyVisible(void *env, void *type) {
    (void) env;
    (void) type;
    return dlsym(RTLD_DEFAULT, "mkl_serv_intel_cpu_true") == (void *) &mkl_serv_intel_cpu_true;
}
