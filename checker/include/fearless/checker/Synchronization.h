//===--- Synchronization.h - the synchronization vocabulary -----*- C++ -*-===//
//
// What the race analysis knows of synchronization, in one place:
//   - types that synchronize themselves: the C++ standard's (std::atomic,
//     mutexes, condition variables, latches, barriers, semaphores, futures),
//     POSIX's (pthread_mutex_t, pthread_cond_t, pthread_rwlock_t,
//     pthread_spinlock_t, pthread_barrier_t, sem_t, pthread_once_t), C11
//     `_Atomic`, classes that Clang's thread-safety attributes call a
//     capability, classes annotated FEARLESS_SYNC, classes every data member
//     of which is one of these (Rust's `Sync` auto trait), and the types the
//     user names;
//   - variables that are safe by themselves: the standard streams (std::cout
//     and friends, whose formatted output the standard makes race-free) and
//     GUARDED_BY globals; data members annotated GUARDED_BY/PT_GUARDED_BY;
//   - locks: std guards and SCOPED_LOCKABLE classes, lock()/unlock() and
//     the thread-safety attributes' acquire/release/assert methods,
//     pthread_mutex_lock/unlock and the rwlock and spin variants, and the
//     locks a REQUIRES(...) function is called with;
//   - atomic accesses: std::atomic_ref temporaries, __atomic_*, __sync_* and
//     __c11_atomic_* builtins;
//   - waits that order a thread after another (latch, barrier, future,
//     condition variable, semaphore, a spin on an atomic, pthread barriers,
//     condition variables and joins).
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_SYNCHRONIZATION_H
#define FEARLESS_CHECKER_SYNCHRONIZATION_H

#include "fearless/checker/FunctionNameFilter.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::fearless {

/// Types that synchronize themselves. \p Extra names more (regexes matched
/// against the qualified name of the class or class template).
bool isSynchronizedType(QualType Type, const FunctionNameFilter *Extra);

/// A global that many threads may use at once by itself: a standard stream
/// object, or a variable annotated GUARDED_BY.
bool isSynchronizedVariable(const VarDecl &Var);

/// A global or static that threads may share and change: not per thread,
/// not constexpr, not synchronizing itself, and not const (a const pointer
/// to mutable data counts: what it points to may change).
bool isSharedMutableGlobal(const VarDecl &Var,
                           const FunctionNameFilter *ExtraSyncTypes);

/// A data member whose accesses Clang's thread-safety analysis checks:
/// GUARDED_BY or PT_GUARDED_BY.
bool isGuardedMember(const FieldDecl &Field);

/// The declaration that identifies the object \p E names, for comparing
/// mutexes and shared objects: a variable, a data member (`m`, `this->m`,
/// `obj.m`), looking through `&x` and `*p`.
const ValueDecl *objectKey(const Expr *E);

/// True for the call operator of a lambda's closure class.
bool isLambdaCallOperator(const FunctionDecl *Function);

/// The mutexes held when \p E runs: what the statements before it in each
/// enclosing block, up to \p Root, lock and unlock, and what the enclosing
/// function REQUIRES. A lambda written inside the region (a condition
/// variable's predicate, a helper called under the lock) is taken to run
/// where it is written.
/// The locks among them held only as a reader (a std::shared_lock,
/// lock_shared(), pthread_rwlock_rdlock, ACQUIRE_SHARED, REQUIRES_SHARED)
/// are also appended to \p SharedOnly when it is given.
llvm::SmallVector<const ValueDecl *, 2>
locksHeld(const Expr &E, const Stmt &Root, ASTContext &Context,
          llvm::SmallVectorImpl<const ValueDecl *> *SharedOnly = nullptr);

/// True when \p Function's body takes a lock anywhere.
bool acquiresLock(const FunctionDecl &Function);

/// True when \p E is accessed atomically: through a temporary
/// std::atomic_ref(x) or as the address given to an atomic builtin.
bool isAtomicAccess(const Expr &E, ASTContext &Context);

/// True when \p E is an atomic operation: a member call or operator of a
/// std::atomic, atomic_flag or atomic_ref, or an atomic builtin.
bool isAtomicOperation(const Expr &E);

/// A call that waits for another thread through a synchronizing object:
/// latch/barrier/condition variable/future/semaphore waits, joins, and
/// atomic loads or tests in a loop's or an if's condition (a spin).
bool isWaitCall(const Expr &E, ASTContext &Context);

/// The locations of the wait calls in \p Body (nested lambdas' bodies
/// excluded when \p SkipLambdas).
llvm::SmallVector<SourceLocation, 4> waitsIn(const Stmt *Body, bool SkipLambdas,
                                             ASTContext &Context);

/// The last of \p Waits before \p Where, if any.
SourceLocation lastBefore(SourceLocation Where,
                          llvm::ArrayRef<SourceLocation> Waits,
                          const SourceManager &SM);

/// True when one of \p Waits comes before \p Where.
bool isAfterAny(SourceLocation Where, llvm::ArrayRef<SourceLocation> Waits,
                const SourceManager &SM);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_SYNCHRONIZATION_H
