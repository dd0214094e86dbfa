// pthread_detach in C code.
// RUN: %check_fearless_tidy -std=c11 %s fearless-detached-thread %t -- -- -pthread

#include <pthread.h>
#include <stddef.h>

void *routine(void *arg) { return arg; }

void fireAndForget(void) {
  pthread_t worker;
  if (pthread_create(&worker, NULL, routine, NULL) != 0)
    return;
  pthread_detach(worker);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread 'worker' is detached by pthread_detach and can never be joined; it may outlive the data it uses [fearless-detached-thread]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: the thread was started here
}

void waitForIt(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, routine, NULL);
  pthread_join(worker, NULL);
}
