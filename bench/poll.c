/*
 * A paced HTTP/1.1 poller for bench/service_load.py: GET one path at a fixed rate over one
 * keep-alive connection, optionally with If-None-Match set from the last ETag, until SIGTERM or
 * the time limit; then prints one JSON line with the latencies. Written in C so that the load
 * tool itself costs the two cores of the benchmark machine as little as possible (the earlier
 * Python client used a good part of a core at 200 requests/s).
 *
 *   gcc -O2 -o target/poll bench/poll.c -lm
 *   target/poll 127.0.0.1 8080 /api/v1/jobs/ID 200 600 etag
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES 1000000

static volatile sig_atomic_t stop;
static double latencies[MAX_SAMPLES];
static char buffer[1 << 20];

static void on_signal(int sig) { (void) sig; stop = 1; }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int connect_to(const char *host, int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, host, &addr.sin_addr);
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        perror("connect");
        exit(2);
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Reads one response; returns its status, copies its ETag (if any) into etag. -1 on a closed connection. */
static int read_response(int fd, char *etag, size_t etag_size) {
    size_t have = 0;
    char *end = NULL;
    while (end == NULL) {
        ssize_t got = read(fd, buffer + have, sizeof buffer - 1 - have);
        if (got <= 0) return -1;
        have += got;
        buffer[have] = 0;
        end = strstr(buffer, "\r\n\r\n");
    }
    int status = atoi(buffer + 9);
    size_t header_len = end + 4 - buffer;
    long length = 0;
    int chunked = 0;
    for (char *line = strstr(buffer, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) length = atol(line + 15);
        if (strncasecmp(line, "Transfer-Encoding: chunked", 26) == 0) chunked = 1;
        if (strncasecmp(line, "ETag:", 5) == 0) {
            char *v = line + 5;
            while (*v == ' ') v++;
            size_t n = strcspn(v, "\r");
            if (n >= etag_size) n = etag_size - 1;
            memcpy(etag, v, n);
            etag[n] = 0;
        }
    }
    if (!chunked) {
        while (have - header_len < (size_t) length) {
            ssize_t got = read(fd, buffer + have, sizeof buffer - 1 - have);
            if (got <= 0) return -1;
            have += got;
        }
        return status;
    }
    /* Chunked: read until the terminating zero-length chunk. */
    buffer[have] = 0;
    while (strstr(buffer + header_len, "\r\n0\r\n\r\n") == NULL && !(have - header_len >= 5 && strncmp(buffer + header_len, "0\r\n\r\n", 5) == 0)) {
        ssize_t got = read(fd, buffer + have, sizeof buffer - 1 - have);
        if (got <= 0) return -1;
        have += got;
        buffer[have] = 0;
    }
    return status;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s HOST PORT PATH RATE SECONDS [etag]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *path = argv[3];
    int port = atoi(argv[2]);
    double rate = atof(argv[4]), seconds = atof(argv[5]);
    int use_etag = argc > 6 && strcmp(argv[6], "etag") == 0;
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    int fd = connect_to(host, port);
    char etag[256] = "", request[2048];
    long count = 0, ok = 0, not_modified = 0, other = 0;
    double start = now(), next = start;
    while (!stop && now() - start < seconds && count < MAX_SAMPLES) {
        double wait = next - now();
        if (wait > 0) {
            struct timespec t = {(time_t) wait, (long) ((wait - (time_t) wait) * 1e9)};
            nanosleep(&t, NULL);
            if (stop) break;
        }
        next += 1.0 / rate;
        int len = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s:%d\r\nAccept: application/json\r\n%s%s%s\r\n",
                           path, host, port, use_etag && etag[0] ? "If-None-Match: " : "", use_etag && etag[0] ? etag : "",
                           use_etag && etag[0] ? "\r\n" : "");
        double sent = now();
        if (write(fd, request, len) != len) break;
        int status = read_response(fd, etag, sizeof etag);
        if (status < 0) {
            close(fd);
            fd = connect_to(host, port);
            continue;
        }
        latencies[count++] = (now() - sent) * 1000;
        if (status == 200) ok++;
        else if (status == 304) not_modified++;
        else other++;
    }
    qsort(latencies, count, sizeof(double), compare);
    double p50 = count ? latencies[count / 2] : 0;
    double p99 = count ? latencies[(long) (count * 0.99) < count ? (long) (count * 0.99) : count - 1] : 0;
    double max = count ? latencies[count - 1] : 0;
    printf("{\"requests\": %ld, \"ok\": %ld, \"notModified\": %ld, \"other\": %ld, \"seconds\": %.2f, "
           "\"p50Ms\": %.2f, \"p99Ms\": %.2f, \"maxMs\": %.2f}\n",
           count, ok, not_modified, other, now() - start, p50, p99, max);
    return 0;
}
