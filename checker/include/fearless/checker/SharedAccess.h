//===--- SharedAccess.h - who touches which shared object, how --*- C++ -*-===//
//
// The third layer of the race analysis, under the race check: the objects a
// launched callable can reach that other code can reach too, and every
// access to them, in the callable and in the function that launches it
// (Accesses.h classifies one use; FunctionSummary.h gives what a called
// function does to the object, field by field, with its locks). Each access
// is also classified:
//   - the mutexes held (Synchronization.h: guards, lock/unlock, POSIX,
//     Clang's thread-safety attributes);
//   - disjoint: an element chosen by a value that differs between concurrent
//     runs (`results[i]` with `i` copied from the loop's induction variable,
//     or a parameter of a parallel algorithm's callable).
// Objects whose type synchronizes itself (Synchronization.h) are never
// shared mutable state and are left out.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_SHAREDACCESS_H
#define FEARLESS_CHECKER_SHAREDACCESS_H

#include "fearless/checker/Accesses.h"
#include "fearless/checker/ConcurrencyModel.h"
#include "fearless/checker/FunctionNameFilter.h"
#include "fearless/checker/FunctionSummary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace clang::tidy::fearless {

/// What one launched callable does to objects that live outside it.
struct CallableAccesses {
  llvm::SmallVector<SharedObjectAccess, 8> Accesses;
  /// Where each object is handed to the callable (its capture or argument).
  llvm::DenseMap<const ValueDecl *, SourceLocation> SharedAt;
  /// Objects that are different for each run of the callable: declared
  /// inside the loop that launches it, so each run gets its own.
  llvm::SmallVector<const ValueDecl *, 2> PerRun;
};

/// The accesses that the callable of \p L, launched in \p Function, makes to
/// objects outside it.
CallableAccesses findCallableAccesses(const Launch &L,
                                      const FunctionDecl &Function,
                                      ASTContext &Context,
                                      const FunctionNameFilter *ExtraSyncTypes,
                                      SummaryCache &Summaries);

/// The accesses that \p Function itself makes to \p Objects, outside every
/// lambda body and outside the launch expressions \p Launches, at the
/// expressions where \p MayRunConcurrently says a launched callable may be
/// running. An access while no thread runs cannot race, and judging whether
/// an access writes (ExprMutationAnalyzer) is the most expensive step: most
/// accesses of a launching function set up before the launch or read the
/// results after the join.
llvm::SmallVector<SharedObjectAccess, 8> findFunctionAccesses(
    const FunctionDecl &Function, llvm::ArrayRef<const ValueDecl *> Objects,
    llvm::ArrayRef<Launch> Launches, ASTContext &Context,
    SummaryCache &Summaries,
    llvm::function_ref<bool(const Expr &)> MayRunConcurrently);

/// The accesses to \p Objects (data members of \p Launcher's class) that
/// the class's public member functions make, for a thread that \p Launcher
/// starts on `this` and that outlives it: the class's users may call those
/// functions while the thread runs. Constructors, destructors, assignment
/// operators, \p Launcher itself, functions that join or start a thread and
/// builder-style functions returning the object itself (configuration) are
/// left out, and so is every class without a synchronizing member (a
/// mutex, an atomic, a GUARDED_BY member): such a class does not say that
/// it is used from several threads at once. Each access's `Via` is the
/// public function, and `Where` is in its body (or a callee's).
llvm::SmallVector<SharedObjectAccess, 8>
findPublicMethodAccesses(const CXXMethodDecl &Launcher,
                         llvm::ArrayRef<const ValueDecl *> Objects,
                         SummaryCache &Summaries,
                         const FunctionNameFilter *ExtraSyncTypes);

/// True when the launching function's access \p P touches the element of the
/// current iteration of the loop that launches \p L, before the launch: the
/// runs of earlier iterations each touch their own element.
bool isBeforeThisIterationsLaunch(const SharedObjectAccess &P, const Launch &L,
                                  ASTContext &Context);

/// True when \p A and \p B hold a common mutex.
bool shareALock(const SharedObjectAccess &A, const SharedObjectAccess &B);

/// True when \p A and \p B touch different parts of one object: different
/// data members, or an element and the size of a container.
bool touchDifferentParts(const SharedObjectAccess &A,
                         const SharedObjectAccess &B);

/// True when \p A and \p B are both made by functions that publish what
/// they do through atomics (a lock-free structure's operations).
bool bothPublishedThroughAtomics(const SharedObjectAccess &A,
                                 const SharedObjectAccess &B);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_SHAREDACCESS_H
