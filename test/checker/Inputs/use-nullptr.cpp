// Input of the runner's own tests: clang-tidy's modernize-use-nullptr offers
// a fix-it, which exercises the CHECK-FIXES machinery.
void take(int *);
void callWithZero() {
  take(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: use nullptr
  // CHECK-FIXES: {{^}}  take(nullptr);{{$}}
  // CHECK-MESSAGES-WRONG: :[[@LINE-3]]:8: warning: use nullptr
  // CHECK-FIXES-WRONG: {{^}}  take(NULL);{{$}}
  // CHECK-MESSAGES-NOFIX: :[[@LINE-5]]:8: warning: use nullptr
}
