//===--- ThreadLifetime.h - until when a launched thread may run -*- C++ -*-===//
//
// The second layer for launches: given a launch and the objects it borrows,
// decides whether the thread is certainly finished before each borrowed
// object dies, flow-sensitively on the function's CFG.
//
// Where the thread ends up is read from the launch's context: a local
// std::thread / std::jthread / std::future / pthread_t (the *holder*), a
// local container of threads, or an immediate escape (detached on the spot,
// returned, stored into a member or a global, handed to an escaping
// function). From the launch on, the analysis follows the holder:
//   - finished: join(), pthread_join, future get()/wait(), a jthread's or a
//     future's destructor, a loop that joins every element of the container,
//     the false branch of `if (t.joinable())`;
//   - escaped: detach(), pthread_detach, returned, moved into a member, a
//     global, a container that is not local, or to a function by value;
//     a std::thread destroyed while still running (the path left without
//     joining);
//   - unknown: passed by non-const reference to a function we cannot see,
//     moved into another local: the analysis says nothing from there on.
// A borrowed object is outlived when, at the end of its lifetime (for the
// caller's objects and by-value parameters: at the function's exit), the
// thread may still be running or may have escaped on some path.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_THREADLIFETIME_H
#define FEARLESS_CHECKER_THREADLIFETIME_H

#include "fearless/checker/Borrows.h"
#include "fearless/checker/ConcurrencyModel.h"
#include "fearless/checker/FunctionCFG.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace clang::tidy::fearless {

/// A place where the thread leaves the function's control.
struct Escape {
  enum Kind {
    Detached,        ///< detach() / pthread_detach
    Returned,        ///< returned to the caller
    StoredInMember,  ///< moved or constructed into a data member
    StoredInGlobal,  ///< moved or constructed into a global or static
    StoredElsewhere, ///< put into a container that is not a local
    PassedAway,      ///< moved into a call we cannot see
    EscapingCall,    ///< handed to a function that keeps its callable
    NotJoined,       ///< a std::thread destroyed, or a scope left, unjoined
  } What;
  SourceLocation Location;
  /// The member, global, container or function involved, if any.
  std::string Target;
  /// True when the target is a member of `*this` (the ordinary pattern of a
  /// class that owns its worker thread and joins it in its destructor).
  bool IntoThisObject = false;
  /// StoredInMember: the data member, when it is known.
  const FieldDecl *Member = nullptr;
};

struct LifetimeVerdict {
  /// The borrows whose object may die while the thread runs, in the order
  /// given.
  llvm::SmallVector<const Borrow *, 2> Outlived;
  /// The escapes that reach the point where the first outlived object dies
  /// (empty when the thread is simply still running there).
  llvm::SmallVector<Escape, 1> Escapes;
  /// Where the first outlived object dies while the thread may still run:
  /// the `return` or the closing brace of its scope.
  SourceLocation DiesAt;
};

/// Decides which of \p Borrows the thread started by \p L may outlive. \p Body
/// is the CFG of the function around the launch.
LifetimeVerdict analyzeThreadLifetime(const Launch &L,
                                      llvm::ArrayRef<Borrow> Borrows,
                                      const FunctionCFG &Body);

/// "is detached here", "is returned here", "is stored in 'workers_' here"...
std::string escapeDescription(const Escape &E);

/// When the thread of one launch may be running, statement by statement, in
/// the function that starts it: for the race checks, which ask whether the
/// launching function or another launch may touch an object while the thread
/// runs. A thread that escaped (detached, stored away) may run at any later
/// point; a thread handed to code we cannot see is "unknown" from there on.
/// Threads spawned in a fearless::scope run until joined through their
/// handle or until the end of the scope's body.
class ThreadTimeline {
public:
  ThreadTimeline(const Launch &L, const FunctionCFG &Body);

  /// True when the thread may be running while \p S is evaluated (\p S is
  /// in the function's body, outside the launched callable).
  bool mayRunAt(const Stmt &S) const;

  /// True when an earlier run of the same launch (a launch in a loop) may
  /// still be running when the launch starts a new one.
  bool previousRunMayOverlap() const { return PreviousRunMayOverlap; }

  /// Where the thread is finished on some path (its join or wait), for
  /// messages; invalid when nothing in the function finishes it.
  SourceLocation finishedAt() const { return FinishedAt; }

private:
  const FunctionCFG &Body;
  llvm::DenseMap<const Stmt *, uint64_t> StateBefore;
  bool PreviousRunMayOverlap = false;
  SourceLocation FinishedAt;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_THREADLIFETIME_H
