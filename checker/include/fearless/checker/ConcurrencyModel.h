//===--- ConcurrencyModel.h - where code starts running concurrently -*- C++ -*-===//
//
// The first layer of the checker: given an expression, says whether it is a
// *launch* — a place where a callable starts running concurrently with the
// code after it — and describes it: which kind of launch, the callable, the
// arguments handed to it, and the lambda behind the callable when there is
// one (written in place or stored in a local first).
//
// Launches recognised:
//   - std::thread / std::jthread constructions with a callable, and
//     `emplace_back`/`emplace`/`emplace_front` of a callable into a container
//     of threads (the thread is constructed inside the library);
//   - std::async, unless its policy is the constant std::launch::deferred;
//   - pthread_create (the start routine and its argument);
//   - fearless::scope_handle::spawn, try_scope_handle::spawn and
//     pool_scope_handle::spawn (joined by the scope, always);
//   - fearless::broadcast (its callable runs on every pool thread at once);
//   - calls of functions listed by the user as escaping (EscapingFunctions)
//     or whose parameter is annotated [[clang::annotate("fearless::escaping")]]
//     (FEARLESS_ESCAPING in fearless/annotations.hpp);
//   - calls of thread-start wrappers: functions of the translation unit
//     that start a thread running one of their parameters and detach it
//     (ThreadStartWrappers.h), when the options carry a wrapper cache;
//   - standard parallel algorithms called with std::execution::par,
//     par_unseq or unseq: the callable runs many times at once, and all runs
//     end before the algorithm returns;
//   - calls of functions listed by the user as concurrent
//     (ConcurrentFunctions): the same contract as a parallel algorithm;
//   - the runtime's parallel iterators: the callables given to the adaptors
//     and terminals (for_each, map, filter, reduce, ...) of any class of
//     namespace fearless run many times at once, within the call; and
//     fearless::join(a, b), which runs a and b at the same time.
//     (par_sort_by_key's key function counts as such a callable.)
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_CONCURRENCYMODEL_H
#define FEARLESS_CHECKER_CONCURRENCYMODEL_H

#include "fearless/checker/FunctionNameFilter.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang::tidy::fearless {

class ThreadStartWrappers;

enum class LaunchKind {
  StdThread,    ///< std::thread, constructed or emplaced.
  StdJThread,   ///< std::jthread, constructed or emplaced.
  Async,        ///< std::async; the result is a std::future.
  PthreadCreate,///< pthread_create(&tid, attr, routine, arg).
  ScopeSpawn,   ///< fearless::scope_handle::spawn: joined by its scope.
  EscapingCall, ///< A user function that keeps the callable (EscapingFunctions).
  ParallelAlgorithm, ///< std::for_each(std::execution::par, ...) and friends.
  ConcurrentCall,    ///< A user function that runs the callable many times at
                     ///< once and returns when all runs ended.
  ParallelIterator,  ///< An adaptor or terminal of a fearless parallel iterator.
  ParallelJoin,      ///< One of the two callables of fearless::join(a, b).
};

struct Launch {
  LaunchKind Kind;
  /// The expression that starts the concurrent execution: the construction,
  /// the emplace call, the std::async / pthread_create / spawn call.
  const Expr *Site = nullptr;
  /// The callable as written (a lambda, a function, a functor, a variable).
  const Expr *Callable = nullptr;
  /// The arguments handed to the callable (decay-copied by std::thread and
  /// std::async; pthread_create's `arg`).
  llvm::SmallVector<const Expr *, 4> Arguments;
  /// The lambda that runs, when the callable is one: written in place or a
  /// local variable initialised with a lambda.
  const LambdaExpr *Lambda = nullptr;
  /// The callable runs several times at once (a parallel algorithm).
  bool ManyInstances = false;
  /// All runs of the callable end before the launching call returns.
  bool FinishedOnReturn = false;
};

/// What the user told the model through check options.
struct LaunchOptions {
  /// Functions that keep their callable arguments to run later on another
  /// thread (qualified names, regexes).
  const FunctionNameFilter *EscapingFunctions = nullptr;
  /// Functions that run their callable arguments many times at once and
  /// return when all runs ended (parallel-for of a thread pool library).
  const FunctionNameFilter *ConcurrentFunctions = nullptr;
  /// What the translation unit's thread-start wrappers start; null to
  /// recognise none. Owned by the check, cleared at the end of each
  /// translation unit.
  ThreadStartWrappers *Wrappers = nullptr;
};

/// The launches \p E starts: none for most expressions, one for a thread
/// construction, one per escaping callable argument of an escaping call. \p E
/// is taken as is (no wrappers stripped), so each launch has exactly one Site.
llvm::SmallVector<Launch, 1> describeLaunches(const Expr &E, ASTContext &Context,
                                              const LaunchOptions &Options);

/// Every launch in \p Body (not looking into nested lambdas' bodies, which are
/// functions of their own), in source order.
llvm::SmallVector<Launch, 4> findLaunches(const Stmt &Body, ASTContext &Context,
                                          const LaunchOptions &Options);

/// The function that runs a launch's callable when it is visible: a
/// lambda's call operator, or a function named directly (`std::thread(work)`,
/// pthread_create's start routine). Null for other callables.
const FunctionDecl *callableFunction(const Launch &L);

/// The lambda an expression evaluates to: a LambdaExpr (through copies and
/// temporaries), or a local variable initialised with one. Sets
/// \p Variable to that variable when there is one.
const LambdaExpr *lambdaOf(const Expr *E, const VarDecl **Variable = nullptr);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_CONCURRENCYMODEL_H
