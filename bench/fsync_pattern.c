/* fsync_pattern.c - the raw cost of one durable maildir delivery on this disk.
 *
 * Per operation: create tmp/<unique>, write SIZE bytes, fsync the file, close, rename it into
 * new/, fsync the new/ directory. THREADS threads share OPS operations; each thread has its own
 * maildir (DIR/t<i>/tmp and new), like deliveries to different users.
 *
 *   gcc -O2 -pthread -o fsync_pattern fsync_pattern.c
 *   ./fsync_pattern DIR OPS THREADS [SIZE]
 *
 * Prints one JSON line:
 *   {"pattern": "maildir", "threads": 4, "ops": 2000, "size": 4096, "elapsed_s": 3.1,
 *    "rate": 645.2, "p50_ms": 5.9, "p99_ms": 21.0, "max_ms": 40.2}
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *base;
static long size;
static char *payload;

struct worker {
  int id;
  long ops;
  double *lat; /* seconds per operation */
};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void fail(const char *what, const char *path) {
  fprintf(stderr, "fsync_pattern: %s %s: ", what, path);
  perror(NULL);
  exit(1);
}

static void make_dir(const char *path) {
  if (mkdir(path, 0755) != 0 && access(path, F_OK) != 0) fail("mkdir", path);
}

static void *run(void *arg) {
  struct worker *w = arg;
  char dir[4096], tmp[4200], new[4200], from[4400], to[4400];
  snprintf(dir, sizeof dir, "%s/t%d", base, w->id);
  snprintf(tmp, sizeof tmp, "%s/tmp", dir);
  snprintf(new, sizeof new, "%s/new", dir);
  make_dir(dir); make_dir(tmp); make_dir(new);
  int dirfd = open(new, O_RDONLY | O_DIRECTORY);
  if (dirfd < 0) fail("open", new);
  for (long i = 0; i < w->ops; i++) {
    double start = now();
    snprintf(from, sizeof from, "%s/%ld.T%dP%d.bench", tmp, i, w->id, (int)getpid());
    snprintf(to, sizeof to, "%s/%ld.T%dP%d.bench", new, i, w->id, (int)getpid());
    int fd = open(from, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) fail("open", from);
    if (write(fd, payload, size) != size) fail("write", from);
    if (fsync(fd) != 0) fail("fsync", from);
    if (close(fd) != 0) fail("close", from);
    if (rename(from, to) != 0) fail("rename", from);
    if (fsync(dirfd) != 0) fail("fsync", new);
    w->lat[i] = now() - start;
  }
  close(dirfd);
  return NULL;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 4 || argc > 5 || atol(argv[2]) < 1 || atoi(argv[3]) < 1 || atoi(argv[3]) > 256) {
    fprintf(stderr, "usage: %s DIR OPS THREADS [SIZE]   (OPS >= 1, 1 <= THREADS <= 256, SIZE bytes, default 4096)\n",
            argv[0]);
    return 2;
  }
  base = argv[1];
  long ops = atol(argv[2]);
  int threads = atoi(argv[3]);
  size = argc > 4 ? atol(argv[4]) : 4096;
  payload = malloc(size);
  memset(payload, 'x', size);
  make_dir(base);

  struct worker *w = calloc(threads, sizeof *w);
  pthread_t *tid = calloc(threads, sizeof *tid);
  double *all = calloc(ops, sizeof *all);
  long given = 0;
  for (int i = 0; i < threads; i++) {
    w[i].id = i;
    w[i].ops = ops / threads + (i < ops % threads);
    w[i].lat = all + given;
    given += w[i].ops;
  }
  double start = now();
  for (int i = 0; i < threads; i++) pthread_create(&tid[i], NULL, run, &w[i]);
  for (int i = 0; i < threads; i++) pthread_join(tid[i], NULL);
  double elapsed = now() - start;

  qsort(all, ops, sizeof *all, by_value);
  printf("{\"pattern\": \"maildir\", \"threads\": %d, \"ops\": %ld, \"size\": %ld, \"elapsed_s\": %.3f, "
         "\"rate\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}\n",
         threads, ops, size, elapsed, ops / elapsed, all[ops / 2] * 1e3,
         all[(long)(ops * 0.99)] * 1e3, all[ops - 1] * 1e3);
  return 0;
}
