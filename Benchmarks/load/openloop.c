/*
 * Open-loop HTTP/1.1 load on 127.0.0.1: requests fall due at a fixed rate whatever the server
 * answers, and each one's latency runs from the time it fell due, not from when a connection
 * was free to send it. A server that falls behind therefore shows its queue in the percentiles
 * instead of slowing the generator down (coordinated omission). A request with no complete
 * answer `timeout` seconds after it fell due counts as a timeout and its connection is dropped.
 *
 * Written in C because the cached routes answer tens of thousands of requests a second on two
 * cores, more than a script can send at a steady rate. Built by Benchmarks/run with cc.
 *
 *   openloop PORT TARGETS RATE SECONDS TIMEOUT CONNECTIONS once|cycle
 *
 * TARGETS is a file of targets.lua's form (METHOD PATH TOKEN BODY, tab-separated, "-" for none).
 * Prints one JSON object, the shape Benchmarks/bench.py reads.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct { char *bytes; size_t length; } request_t;

typedef struct {
    int fd;            /* -1 when closed */
    int busy;          /* a request is out */
    uint64_t due;      /* when the request out fell due, ns */
    const request_t *request;
    size_t written;
    char *buffer;
    size_t used, capacity;
} connection_t;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void fail(const char *what) {
    fprintf(stderr, "openloop: %s: %s\n", what, strerror(errno));
    exit(1);
}

static request_t *read_targets(const char *path, int port, size_t *count) {
    FILE *file = fopen(path, "r");
    if (!file) fail(path);
    size_t capacity = 1024, n = 0;
    request_t *requests = malloc(capacity * sizeof *requests);
    char *line = NULL;
    size_t size = 0;
    ssize_t length;
    while ((length = getline(&line, &size, file)) > 0) {
        if (line[length - 1] == '\n') line[--length] = 0;
        char *method = strtok(line, "\t"), *path_ = strtok(NULL, "\t"), *token = strtok(NULL, "\t"), *body = strtok(NULL, "");
        if (!method || !path_ || !token || !body) continue;
        int has_body = strcmp(body, "-") != 0;
        char authorization[256] = "";
        if (strcmp(token, "-") != 0) snprintf(authorization, sizeof authorization, "Authorization: Bearer %s\r\n", token);
        size_t body_length = has_body ? strlen(body) : 0;
        size_t room = strlen(method) + strlen(path_) + strlen(authorization) + body_length + 256;
        char *bytes = malloc(room);
        int head = snprintf(bytes, room,
                            "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Language: vi\r\nX-Client: web\r\n%s"
                            "%sContent-Length: %zu\r\n\r\n",
                            method, path_, port, authorization, has_body ? "Content-Type: application/json\r\n" : "", body_length);
        memcpy(bytes + head, has_body ? body : "", body_length);
        if (n == capacity) requests = realloc(requests, (capacity *= 2) * sizeof *requests);
        requests[n++] = (request_t){bytes, head + body_length};
    }
    free(line);
    fclose(file);
    *count = n;
    return requests;
}

/* Counts, kept for the JSON at the end. */
static double *latencies;
static size_t answered, timeouts, errors, retry_after, statuses[600], opened;
/* Where the tail is in time: answers slower than SLOW_MS, counted by the second they fell due
   in. One stall shows as one bad second; a saturated core as slow answers in every second. */
#define SLOW_MS 25.0
#define SLOW_SECONDS 600
static uint64_t begin;
static size_t slow_by_second[SLOW_SECONDS];

static int epoll_fd;
static struct sockaddr_in address;

static void drop(connection_t *c) {
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    c->busy = 0;
    c->used = 0;
}

static int open_connection(connection_t *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) return -1;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    /* Closed with a reset: a burst's thousands of closes would otherwise hold as many local ports
       in TIME_WAIT for a minute, where a PostgreSQL started meanwhile could not listen. */
    struct linger reset = {1, 0};
    setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    if (connect(c->fd, (struct sockaddr *)&address, sizeof address) < 0 && errno != EINPROGRESS) {
        close(c->fd);
        c->fd = -1;
        return -1;
    }
    struct epoll_event event = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &event);
    opened++;
    return 0;
}

static void try_write(connection_t *c) {
    while (c->busy && c->written < c->request->length) {
        ssize_t n = write(c->fd, c->request->bytes + c->written, c->request->length - c->written);
        if (n > 0) {
            c->written += (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EINPROGRESS || errno == ENOTCONN)) {
            return;
        } else {
            errors++;
            drop(c);
            return;
        }
    }
}

static void start(connection_t *c, const request_t *request, uint64_t due) {
    if (c->fd < 0 && open_connection(c) < 0) {
        errors++;
        return;
    }
    c->busy = 1;
    c->due = due;
    c->request = request;
    c->written = 0;
    c->used = 0;
    try_write(c);
}

/* Whether the buffer holds one whole response; fills in its status and whether to close. */
static int complete(connection_t *c, int *status, int *close_after) {
    if (c->used == c->capacity) return 0;
    c->buffer[c->used] = 0;
    char *end = strstr(c->buffer, "\r\n\r\n");
    if (!end) return 0;
    size_t head = (size_t)(end - c->buffer) + 4;
    *status = atoi(c->buffer + 9);
    long length = -1;
    int chunked = 0;
    *close_after = 0;
    for (char *line = strstr(c->buffer, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (!strncasecmp(line, "content-length:", 15)) length = atol(line + 15);
        else if (!strncasecmp(line, "transfer-encoding:", 18) && strcasestr(line, "chunked")) chunked = 1;
        else if (!strncasecmp(line, "connection:", 11) && strcasestr(line, "close")) *close_after = 1;
        else if (!strncasecmp(line, "retry-after:", 12)) retry_after++;  /* counted once: parsed once */
    }
    if (chunked) return strstr(c->buffer + head, "0\r\n\r\n") != NULL;
    return length < 0 || c->used >= head + (size_t)length;
}

static void try_read(connection_t *c, uint64_t now) {
    for (;;) {
        if (c->capacity - c->used < 4096) c->buffer = realloc(c->buffer, (c->capacity *= 2) + 1);
        ssize_t n = read(c->fd, c->buffer + c->used, c->capacity - c->used);
        if (n > 0) {
            c->used += (size_t)n;
            int status, close_after;
            size_t before = retry_after;
            if (c->busy && complete(c, &status, &close_after)) {
                double latency = (double)(now - c->due) / 1e6;
                latencies[answered++] = latency;
                size_t second = (size_t)((c->due - begin) / 1000000000u);
                if (latency > SLOW_MS && second < SLOW_SECONDS) slow_by_second[second]++;
                statuses[status > 0 && status < 600 ? status : 0]++;
                c->busy = 0;
                c->used = 0;
                if (close_after) drop(c);
                return;
            }
            retry_after = before;  /* only a complete response's header counts */
        } else if (n < 0 && errno == EAGAIN) {
            return;
        } else {
            if (c->busy) errors++;
            drop(c);
            return;
        }
    }
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double p) {
    if (!answered) return -1;
    size_t i = (size_t)((double)answered * p / 100.0);
    return latencies[i < answered ? i : answered - 1];
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: openloop PORT TARGETS RATE SECONDS TIMEOUT CONNECTIONS once|cycle\n");
        return 2;
    }
    int port = atoi(argv[1]);
    double rate = atof(argv[3]), seconds = atof(argv[4]), timeout = atof(argv[5]);
    size_t limit = (size_t)atol(argv[6]), count;
    int once = strcmp(argv[7], "once") == 0;
    request_t *requests = read_targets(argv[2], port, &count);
    if (!count) { fprintf(stderr, "openloop: no targets in %s\n", argv[2]); return 1; }
    size_t total = (size_t)(rate * seconds);
    if (once && total > count) total = count;

    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    epoll_fd = epoll_create1(0);
    latencies = malloc((total + 1) * sizeof *latencies);
    connection_t *connections = calloc(limit, sizeof *connections);
    for (size_t i = 0; i < limit; i++) {
        connections[i].fd = -1;
        connections[i].buffer = malloc((connections[i].capacity = 16384) + 1);
    }
    /* Requests due but with no free connection wait here, their clock already running. */
    size_t *waiting = malloc((total + 1) * sizeof *waiting), head = 0, tail = 0;

    uint64_t interval = (uint64_t)(1e9 / rate), timeout_ns = (uint64_t)(timeout * 1e9);
    begin = now_ns() + 1000000;
    uint64_t last_check = 0, worst_lag = 0;
    size_t next = 0;
    struct epoll_event events[512];
    for (;;) {
        uint64_t now = now_ns();
        /* Everything due by now joins the queue. */
        while (next < total && begin + next * interval <= now) {
            uint64_t lag = now - (begin + next * interval);
            if (lag > worst_lag) worst_lag = lag;
            waiting[tail++] = next++;
        }
        /* Hand the queue to free connections, opening new ones up to the limit. */
        for (size_t i = 0; i < limit && head < tail; i++) {
            if (!connections[i].busy) {
                size_t index = waiting[head++];
                start(&connections[i], &requests[index % count], begin + index * interval);
            }
        }
        if (now - last_check > 10000000) {  /* timeouts, every 10 ms */
            last_check = now;
            for (size_t i = 0; i < limit; i++)
                if (connections[i].busy && now - connections[i].due > timeout_ns) { timeouts++; drop(&connections[i]); }
            while (head < tail && now - (begin + waiting[head] * interval) > timeout_ns) { timeouts++; head++; }
        }
        int out = 0;
        for (size_t i = 0; i < limit; i++) out |= connections[i].busy;
        if (next == total && head == tail && !out) break;
        uint64_t wake = next < total ? begin + next * interval : now + 10000000;
        struct timespec wait = {0, 0};
        if (wake > now) wait.tv_nsec = (long)(wake - now < 10000000 ? wake - now : 10000000);
        int n = epoll_pwait2(epoll_fd, events, 512, &wait, NULL);
        now = now_ns();
        for (int i = 0; i < n; i++) {
            connection_t *c = events[i].data.ptr;
            if (c->fd < 0) continue;
            if (events[i].events & (EPOLLERR | EPOLLHUP) && !(events[i].events & EPOLLIN)) {
                if (c->busy) errors++;
                drop(c);
                continue;
            }
            if (events[i].events & EPOLLOUT) try_write(c);
            if (c->fd >= 0 && events[i].events & EPOLLIN) try_read(c, now);
        }
    }
    for (size_t i = 0; i < limit; i++) drop(&connections[i]);
    double elapsed = (double)(now_ns() - begin) / 1e9;
    qsort(latencies, answered, sizeof *latencies, compare);
    size_t ok = 0;
    printf("{\"rate\": %.2f, \"sent\": %zu, \"generator_lag_ms\": %.1f, \"elapsed_seconds\": %.3f, \"answered\": %zu, \"statuses\": {",
           rate, total, (double)worst_lag / 1e6, elapsed, answered);
    const char *separator = "";
    for (int s = 0; s < 600; s++) {
        if (!statuses[s]) continue;
        printf("%s\"%d\": %zu", separator, s, statuses[s]);
        separator = ", ";
        if (s > 0 && s < 400) ok += statuses[s];
    }
    /* The generator's own CPU: on the pinned placement it shares the server's core. */
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = (double)usage.ru_utime.tv_sec + (double)usage.ru_stime.tv_sec
                 + ((double)usage.ru_utime.tv_usec + (double)usage.ru_stime.tv_usec) / 1e6;
    printf("}, \"ok\": %zu, \"timeouts\": %zu, \"errors\": %zu, \"retry_after\": %zu, "
           "\"latency_ms\": {\"p50\": %.3f, \"p99\": %.3f, \"p999\": %.3f, \"max\": %.3f}, "
           "\"generator_cpu_seconds\": %.2f, \"connections_opened\": %zu, \"over_25_ms_by_second\": [",
           ok, timeouts, errors, retry_after, percentile(50), percentile(99), percentile(99.9),
           answered ? latencies[answered - 1] : -1.0, cpu, opened);
    size_t seconds_due = (size_t)seconds + 1 < SLOW_SECONDS ? (size_t)seconds + 1 : SLOW_SECONDS;
    for (size_t i = 0; i < seconds_due; i++) printf("%s%zu", i ? ", " : "", slow_by_second[i]);
    printf("]}\n");
    return 0;
}
