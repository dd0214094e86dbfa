/* Robustness: K&R-style C with pthreads (old-style definitions, implicit
   int, functions called before they are declared), which C89 accepts and
   later standards reject. The checks read it as they read modern C: the
   detached thread and the counter that every worker increments are
   reported.
   RUN: %clang_tidy -checks='-*,fearless-*' %s -- -std=gnu89 -pthread -w \
   RUN:   2>&1 | FileCheck %s --implicit-check-not='{{warning:|error:|PLEASE|Stack dump}}'
*/
#include <pthread.h>
#include <stddef.h>

static int counter;

void *routine(arg)
void *arg;
{
  counter++;
  // CHECK: :[[@LINE-1]]:3: warning: 'counter' is written by a thread started at line 38 while another instance of the same thread may access it [fearless-shared-mutable-capture]
  return arg;
}

start_and_detach(n)
int n;
{
  pthread_t worker;
  if (pthread_create(&worker, NULL, routine, NULL))
    return -1;
  pthread_detach(worker);
  // CHECK: :[[@LINE-1]]:3: warning: thread 'worker' is detached by pthread_detach and can never be joined; it may outlive the data it uses [fearless-detached-thread]
  return n;
}

start_and_join(n)
{
  pthread_t workers[4];
  int i;
  for (i = 0; i < n && i < 4; i++)
    pthread_create(&workers[i], NULL, routine, NULL);
  for (i = 0; i < n && i < 4; i++)
    pthread_join(workers[i], NULL);
  return undeclared_function(n);
}
