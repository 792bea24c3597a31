/*
 * Lets the Intel MKL that libtorch links statically pick its GEMM kernels by what the CPU can do
 * rather than by who made it. MKL asks two vendor checks, mkl_serv_intel_cpu_true() and
 * mkl_serv_intel_cpu(), before using its AVX2/AVX-512 code paths, and falls back to a generic
 * path on other vendors' CPUs. Overriding only the first left MKL on its generic path on a Zen 4
 * EPYC (issue 14: MKL's own report said "Intel(R) Architecture processors"); both are overridden.
 * The kernels themselves still check the instruction sets they need. mklProcessor() below returns
 * MKL's own report of the instruction set it chose, which MklDispatch logs and checks.
 *
 * Java loads this library before DJL loads libtorch. Its JNI_OnLoad re-opens it with RTLD_GLOBAL,
 * which puts the definition below ahead of MKL's own in the lookup libtorch's calls go through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <stddef.h>
#include <string.h>

int mkl_serv_intel_cpu_true(void) {
    return 1;
}

int mkl_serv_intel_cpu(void) {
    return 1;
}

/* MKL 2024's MKLVersion (mkl_types.h): four ints, then four strings. */
typedef struct {
    int major;
    int minor;
    int update;
    int patch;
    char *product_status;
    char *build;
    char *processor;
    char *platform;
} MklVersion;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void) vm;
    (void) reserved;
    Dl_info info;
    if (dladdr((void *) &mkl_serv_intel_cpu_true, &info) != 0 && info.dli_fname != NULL) {
        dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    }
    return JNI_VERSION_1_8;
}

/* io.descent.system.MklDispatch.globallyVisible(): whether symbol lookup now finds both definitions. */
JNIEXPORT jboolean JNICALL Java_io_descent_system_MklDispatch_globallyVisible(JNIEnv *env, jclass type) {
    (void) env;
    (void) type;
    return dlsym(RTLD_DEFAULT, "mkl_serv_intel_cpu_true") == (void *) &mkl_serv_intel_cpu_true
        && dlsym(RTLD_DEFAULT, "mkl_serv_intel_cpu") == (void *) &mkl_serv_intel_cpu;
}

/*
 * io.descent.system.MklDispatch.mklProcessor(): the instruction set MKL says it uses (the Processor
 * field of its version report), from the libtorch already loaded; null when libtorch is not loaded
 * or its MKL is not the 2024 generation whose struct layout this file knows.
 */
JNIEXPORT jstring JNICALL Java_io_descent_system_MklDispatch_mklProcessor(JNIEnv *env, jclass type) {
    (void) type;
    void *torch = dlopen("libtorch_cpu.so", RTLD_NOW | RTLD_NOLOAD);
    if (torch == NULL) {
        return NULL;
    }
    void (*get_version)(MklVersion *) = (void (*)(MklVersion *)) dlsym(torch, "mkl_serv_get_version");
    MklVersion version;
    memset(&version, 0, sizeof version);
    if (get_version != NULL) {
        get_version(&version);
    }
    dlclose(torch);
    if (version.major < 2024 || version.processor == NULL) {
        return NULL;
    }
    return (*env)->NewStringUTF(env, version.processor);
}
