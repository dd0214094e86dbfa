//===--- ThreadStartWrappers.h - functions that start a thread for their caller -*- C++ -*-===//
//
// A thread-start wrapper is a function of the translation unit that starts a
// thread running one of its own parameters and lets that thread go: it
// detaches it, or hands it to another function that keeps it.
//
//   template <class F> void run_detached(F f) { std::thread(std::move(f)).detach(); }
//   void start(void *(*routine)(void *), void *arg) {
//     pthread_t t; pthread_create(&t, nullptr, routine, arg); pthread_detach(t);
//   }
//
// A call of such a function is a launch of its argument, as if the function
// were listed in EscapingFunctions: the callable may run after the call
// returns, concurrently with everything the caller does next. The arguments
// the wrapper passes on to the thread (`arg` above) are the launch's
// arguments.
//
// Wrappers whose thread is joined before they return, returned to the caller
// (the caller then owns a running thread), or stored in a member or behind a
// pointer parameter (someone else may join it) are not launches here: which
// caller statement ends the thread is not known, and guessing would report
// accesses made after the join.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_THREADSTARTWRAPPERS_H
#define FEARLESS_CHECKER_THREADSTARTWRAPPERS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang::tidy::fearless {

struct Launch;
struct LaunchOptions;

class ThreadStartWrappers {
public:
  /// Appends to \p Out one launch per parameter of \p Call's callee that the
  /// callee hands to a thread it lets go.
  void describe(const CallExpr &Call, ASTContext &Context,
                const LaunchOptions &Options, llvm::SmallVectorImpl<Launch> &Out);

  /// Forgets every function (at the end of a translation unit).
  void clear() { Started.clear(); }

private:
  /// What a wrapper starts: the parameter that runs, and for each argument
  /// of the thread's callable, the wrapper parameter it is (none: a value
  /// the wrapper computes itself, and the arguments after it are not known).
  struct StartedThread {
    unsigned CallableParameter;
    llvm::SmallVector<unsigned, 2> ArgumentParameters;
  };
  const llvm::SmallVector<StartedThread, 1> &
  threadsStartedBy(const FunctionDecl &Function, ASTContext &Context,
                   const LaunchOptions &Options);

  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<StartedThread, 1>>
      Started;
  unsigned Depth = 0;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_THREADSTARTWRAPPERS_H
