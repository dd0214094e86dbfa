// POSIX threads in C: start routines, their void * argument, globals, the
// pthread mutex around them, and a barrier that orders the main thread.
// RUN: %check_fearless_tidy -std=c11 %s fearless-shared-mutable-capture %t -- -- -pthread -D_POSIX_C_SOURCE=200809L
// The advice for a scalar names C's atomics, not C++'s:
// RUN: %clang_tidy -checks='-*,fearless-shared-mutable-capture' %s -- -std=c11 \
// RUN:   -pthread -D_POSIX_C_SOURCE=200809L 2>&1 | FileCheck %s --check-prefix=ADVICE
// ADVICE: note: make 'unguarded' _Atomic, guard every access with the same mutex, or give each thread its own copy and combine the results after joining

#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t counter_mutex = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *locked_increment(void *unused) {
  (void)unused;
  pthread_mutex_lock(&counter_mutex);
  ++counter;
  pthread_mutex_unlock(&counter_mutex);
  return NULL;
}

void locked_counter(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, locked_increment, NULL);
  pthread_create(&b, NULL, locked_increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
}

static long unguarded;

static void *unlocked_increment(void *unused) {
  (void)unused;
  ++unguarded;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'unguarded' is written by a thread started at line [[@LINE+7]] while another instance of the same thread may access it [fearless-shared-mutable-capture]
  return NULL;
}

void unlocked_counter(void) {
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&threads[i], NULL, unlocked_increment, NULL);
  for (int i = 0; i < 4; ++i)
    pthread_join(threads[i], NULL);
}

// The object handed over as the start routine's argument.
struct job {
  pthread_mutex_t mutex;
  int done;
};

static void *finish(void *arg) {
  struct job *j = arg;
  j->done = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'j' is written by a thread started at line [[@LINE+7]] while this function may access it before joining it at line [[@LINE+9]] [fearless-shared-mutable-capture]
  return NULL;
}

int read_while_running(void) {
  struct job j = {PTHREAD_MUTEX_INITIALIZER, 0};
  pthread_t t;
  pthread_create(&t, NULL, finish, &j);
  int seen = j.done;
  pthread_join(t, NULL);
  return seen;
}

static void *finish_locked(void *arg) {
  struct job *j = arg;
  pthread_mutex_lock(&j->mutex);
  j->done = 1;
  pthread_mutex_unlock(&j->mutex);
  return NULL;
}

int read_under_the_lock(void) {
  struct job j = {PTHREAD_MUTEX_INITIALIZER, 0};
  pthread_t t;
  pthread_create(&t, NULL, finish_locked, &j);
  pthread_mutex_lock(&j.mutex);
  int seen = j.done;
  pthread_mutex_unlock(&j.mutex);
  pthread_join(t, NULL);
  return seen;
}

// A barrier orders what comes after it in both threads.
static pthread_barrier_t ready;
static int published;

static void *publish(void *unused) {
  (void)unused;
  published = 42;
  pthread_barrier_wait(&ready);
  return NULL;
}

int after_the_barrier(void) {
  pthread_t t;
  pthread_barrier_init(&ready, NULL, 2);
  pthread_create(&t, NULL, publish, NULL);
  pthread_barrier_wait(&ready);
  int seen = published;
  pthread_join(t, NULL);
  return seen;
}

// Compiler atomics and C11 _Atomic are atomic accesses.
static long hits;
static _Atomic long atomic_hits;

static void *count_atomically(void *unused) {
  (void)unused;
  __atomic_fetch_add(&hits, 1, __ATOMIC_RELAXED);
  __sync_fetch_and_add(&hits, 1);
  ++atomic_hits;
  return NULL;
}

void atomic_counters(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count_atomically, NULL);
  pthread_create(&b, NULL, count_atomically, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
}

// A pool whose mutex is reached through a pointer member and locked through
// a macro that dereferences its argument's address (zstd's debug build); the
// worker tests its own copy of the context pointer first. Only the queue,
// under the lock, is shared.
#define POOL_LOCK(m) pthread_mutex_lock(*(m))
#define POOL_UNLOCK(m) pthread_mutex_unlock(*(m))

struct pool {
  pthread_mutex_t *mutex;
  int queued;
};

static void *pool_worker(void *opaque) {
  struct pool *const ctx = (struct pool *)opaque;
  if (!ctx)
    return NULL;
  POOL_LOCK(&ctx->mutex);
  --ctx->queued;
  POOL_UNLOCK(&ctx->mutex);
  return NULL;
}

void pool_start(struct pool *ctx, pthread_t *threads, int n) {
  for (int i = 0; i < n; ++i)
    pthread_create(&threads[i], NULL, pool_worker, ctx);
}

// ...the same worker updating the queue outside the lock.
static void *pool_worker_unlocked(void *opaque) {
  struct pool *const ctx = (struct pool *)opaque;
  if (!ctx)
    return NULL;
  --ctx->queued;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ctx' is written by a thread started at line {{[0-9]+}} while another instance of the same thread may access it [fearless-shared-mutable-capture]
  return NULL;
}

void pool_start_unlocked(struct pool *ctx, pthread_t *threads, int n) {
  for (int i = 0; i < n; ++i)
    pthread_create(&threads[i], NULL, pool_worker_unlocked, ctx);
}
