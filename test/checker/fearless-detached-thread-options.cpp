// An invalid pattern in AllowedFunctions is reported and ignored; the valid
// ones still apply.
// RUN: %check_fearless_tidy %s fearless-detached-thread %t \
// RUN:   -- -config="{CheckOptions: {fearless-detached-thread.AllowedFunctions: 'allowed;bad(('}}"
// CHECK-MESSAGES: warning: invalid regular expression 'bad((' in option 'fearless-detached-thread.AllowedFunctions': parentheses not balanced; the pattern is ignored [clang-tidy-config]

#include <thread>

void work();

void allowed() { std::thread(work).detach(); }

void notAllowed() {
  std::thread(work).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: thread is detached
}

// The options the check stores, with their defaults when not set.
// RUN: %clang_tidy --checks='-*,fearless-detached-thread' --dump-config \
// RUN:   | FileCheck %s --check-prefix=DEFAULTS
// DEFAULTS: fearless-detached-thread.AllowedFunctions: ''
