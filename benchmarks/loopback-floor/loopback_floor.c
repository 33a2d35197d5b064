/*
 * The kernel's share of a fan-out delivery over loopback TCP, with no application around it.
 *
 * A writer process accepts N connections and a reader process holds their other ends (as the node
 * and the load generator do). Each "message" is one frame written to every connection, messages
 * paced so that N x messages/s = the deliveries/s asked for; FRAMES_PER_WRITE > 1 holds messages
 * back and writes that many frames in one write() (coalescing, as a flush delay would). The reader
 * waits in epoll and reads whatever is there. Each frame carries its send time, so the reader
 * reports delivery latency; both report their CPU time (user and system) per delivery.
 *
 * What it answers: how much of the two cores the kernel alone takes per delivery, hence the most
 * deliveries/s any program can reach here with one write and one read per delivery, and at what
 * latency. Usage:
 *
 *   gcc -O2 -o /tmp/loopback_floor benchmarks/loopback-floor/loopback_floor.c
 *   /tmp/loopback_floor CONNECTIONS DELIVERIES_PER_SECOND SECONDS [FRAME_BYTES] [FRAMES_PER_WRITE]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME 4096
#define BUCKETS 64

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static double cpu_seconds(double *user, double *sys) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  *user = r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6;
  *sys = r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
  return *user + *sys;
}

/* Bucket b holds latencies below sqrt(2)^(b+1) microseconds (and at least the bucket below's). */
static int bucket_of(int64_t micros) {
  int b = 0;
  for (double upper = 1.4142135623730951; b < BUCKETS - 1 && micros >= upper; upper *= 1.4142135623730951) {
    b++;
  }
  return b;
}

static double bucket_upper_ms(int b) {
  double upper_us = 1.0;
  for (int i = 0; i <= b; i++) upper_us *= 1.4142135623730951;
  return upper_us / 1000.0;
}

static void reader(struct sockaddr_in addr, int n, int frame, long expected, int seconds) {
  int *fds = calloc(n, sizeof(int));
  int *have = calloc(n, sizeof(int));
  char **partial = calloc(n, sizeof(char *));
  int ep = epoll_create1(0);
  for (int i = 0; i < n; i++) {
    fds[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (fds[i] < 0) die("socket");
    /* Eight source addresses, as the load generator uses: one would make every connect scan a
       nearly full local port range. */
    struct sockaddr_in from = {.sin_family = AF_INET, .sin_port = 0};
    from.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1 + i % 8);
    int one = 1;
    setsockopt(fds[i], IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    if (bind(fds[i], (struct sockaddr *)&from, sizeof from) < 0) die("bind");
    if (connect(fds[i], (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
    partial[i] = malloc(frame);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
  }
  long histogram[BUCKETS] = {0};
  long delivered = 0, reads = 0;
  double u0, s0, u1, s1;
  cpu_seconds(&u0, &s0);
  int64_t deadline = now_ns() + (int64_t)(seconds + 5) * 1000000000;
  struct epoll_event events[512];
  char buf[65536];
  while (delivered < expected && now_ns() < deadline) {
    int ready = epoll_wait(ep, events, 512, 100);
    for (int e = 0; e < ready; e++) {
      int i = events[e].data.u32;
      ssize_t got = read(fds[i], buf, sizeof buf);
      if (got <= 0) continue;
      reads++;
      int64_t at = now_ns();
      for (ssize_t off = 0; off < got;) {
        int take = frame - have[i] < got - off ? frame - have[i] : (int)(got - off);
        memcpy(partial[i] + have[i], buf + off, take);
        have[i] += take;
        off += take;
        if (have[i] == frame) {
          int64_t sent;
          memcpy(&sent, partial[i], sizeof sent);
          histogram[bucket_of((at - sent) / 1000)]++;
          delivered++;
          have[i] = 0;
        }
      }
    }
  }
  cpu_seconds(&u1, &s1);
  double p[] = {0.50, 0.99, 0.999};
  double at[3] = {0};
  for (int q = 0; q < 3; q++) {
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += histogram[b];
      if (seen >= p[q] * delivered) {
        at[q] = bucket_upper_ms(b);
        break;
      }
    }
  }
  printf(
      "reader: delivered %ld of %ld in %ld reads (%.2f frames per read); latency p50 <= %.2f ms, "
      "p99 <= %.2f ms, p99.9 <= %.2f ms; cpu user %.2f s sys %.2f s = %.2f us per delivery\n",
      delivered, expected, reads, reads ? (double)delivered / reads : 0, at[0], at[1], at[2],
      u1 - u0, s1 - s0, delivered ? ((u1 - u0) + (s1 - s0)) * 1e6 / delivered : 0);
}

static void writer(int listener, int n, double per_second, int seconds, int frame, int batch) {
  int *fds = calloc(n, sizeof(int));
  for (int i = 0; i < n; i++) {
    fds[i] = accept(listener, NULL, NULL);
    if (fds[i] < 0) die("accept");
    int one = 1;
    setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  char *out = calloc(batch, frame);
  long messages = (long)(per_second / n * seconds);
  double message_interval_ns = 1e9 * n / per_second;
  long written = 0, writes = 0, short_writes = 0;
  double u0, s0, u1, s1;
  cpu_seconds(&u0, &s0);
  int64_t start = now_ns();
  for (long m = 0; m + batch <= messages; m += batch) {
    /* The batch goes out when its last message is due; each frame carries its own due time. */
    int64_t due = start + (int64_t)((m + batch - 1) * message_interval_ns);
    int64_t wait = due - now_ns();
    if (wait > 0) {
      struct timespec pause = {.tv_sec = wait / 1000000000, .tv_nsec = wait % 1000000000};
      nanosleep(&pause, NULL);
    }
    for (int k = 0; k < batch; k++) {
      int64_t sent = start + (int64_t)((m + k) * message_interval_ns);
      memcpy(out + (size_t)k * frame, &sent, sizeof sent);
    }
    for (int i = 0; i < n; i++) {
      ssize_t put = write(fds[i], out, (size_t)batch * frame);
      writes++;
      if (put != (ssize_t)batch * frame) short_writes++;
      written += batch;
    }
  }
  cpu_seconds(&u1, &s1);
  double took = (now_ns() - start) / 1e9;
  printf(
      "writer: %ld deliveries in %ld writes over %.2f s (%.0f deliveries/s, asked %.0f); "
      "short writes %ld; cpu user %.2f s sys %.2f s = %.2f us per delivery\n",
      written, writes, took, written / took, per_second, short_writes, u1 - u0, s1 - s0,
      ((u1 - u0) + (s1 - s0)) * 1e6 / written);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr,
            "usage: %s CONNECTIONS DELIVERIES_PER_SECOND SECONDS [FRAME_BYTES] [FRAMES_PER_WRITE]\n",
            argv[0]);
    return 2;
  }
  int n = atoi(argv[1]);
  double per_second = atof(argv[2]);
  int seconds = atoi(argv[3]);
  int frame = argc > 4 ? atoi(argv[4]) : 120;
  int batch = argc > 5 ? atoi(argv[5]) : 1;
  if (n < 1 || per_second <= 0 || seconds < 1 || frame < 8 || frame > MAX_FRAME || batch < 1) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  /* A reader that gave up (its deadline passed) must not kill the writer before it reports. */
  signal(SIGPIPE, SIG_IGN);
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) die("bind");
  if (listen(listener, 4096) < 0) die("listen");
  socklen_t len = sizeof addr;
  getsockname(listener, (struct sockaddr *)&addr, &len);
  long messages = (long)(per_second / n * seconds);
  long expected = messages / batch * batch * (long)n;
  /* Each side gets a core of its own (the best case): left to the scheduler, a reader woken by
     the writer is often put on the writer's core and the two take turns on one. */
  pid_t child = fork();
  cpu_set_t cpu;
  CPU_ZERO(&cpu);
  CPU_SET(child == 0 ? 1 : 0, &cpu);
  sched_setaffinity(0, sizeof cpu, &cpu);
  if (child == 0) {
    close(listener);
    reader(addr, n, frame, expected, seconds);
    return 0;
  }
  writer(listener, n, per_second, seconds, frame, batch);
  waitpid(child, NULL, 0);
  return 0;
}
