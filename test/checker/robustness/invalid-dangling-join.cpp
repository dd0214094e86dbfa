// Robustness: a join whose call is never closed, so that the parser's
// recovery swallows the rest of the file. No crash. (Whether a finding
// remains depends on what this LLVM's recovery keeps: LLVM 19 drops the
// join, LLVM 22 keeps an expression with errors and the function is skipped.)
// RUN: not %clang_tidy -checks='-*,fearless-*' %s -- -std=c++20 -pthread \
// RUN:   2>&1 | FileCheck %s --implicit-check-not='{{PLEASE|Stack dump}}'

#include <thread>

void danglingJoin() {
  std::thread worker([] {});
  worker.join(
}
// CHECK: :[[@LINE-1]]:1: error: expected expression
