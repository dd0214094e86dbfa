//===--- SharedAccess.h - who touches which shared object, how --*- C++ -*-===//
//
// For the race checks: the objects a launched callable can reach that other
// code can reach too, and every access to them, in the callable and in the
// function that launches it, each one classified:
//   - write or read, by clang's ExprMutationAnalyzer (assignment, ++,
//     compound assignment, a non-const member call such as push_back, binding
//     to a non-const reference that is then written); passing the object by
//     non-const reference to a function whose body we cannot see is neither:
//     we do not invent a race at a call we cannot see;
//   - the mutexes held (a std::lock_guard, std::unique_lock, std::scoped_lock
//     or std::shared_lock alive in an enclosing block, or a lock()/unlock()
//     pair in the same block);
//   - disjoint: an element chosen by a value that differs between concurrent
//     runs (`results[i]` with `i` copied from the loop's induction variable,
//     or a parameter of a parallel algorithm's callable).
// Objects whose type synchronizes itself (std::atomic, mutexes, condition
// variables, latches, barriers, semaphores, futures and promises, types
// annotated [[clang::annotate("fearless::sync")]], types named by the user)
// are never shared mutable state and are left out.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_SHAREDACCESS_H
#define FEARLESS_CHECKER_SHAREDACCESS_H

#include "fearless/checker/ConcurrencyModel.h"
#include "fearless/checker/FunctionNameFilter.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace clang::tidy::fearless {

/// One access to a shared object.
struct SharedObjectAccess {
  /// The object: a VarDecl (local, parameter, global, static) or a FieldDecl
  /// (a member reached through `this`).
  const ValueDecl *Object = nullptr;
  /// The expression that names the object (or the pointer to it).
  const Expr *Where = nullptr;
  /// The data members accessed, outermost first (`r.a.b` gives a, b), if the
  /// access is to a member of a class object; accesses to different members
  /// do not conflict.
  llvm::SmallVector<const FieldDecl *, 2> FieldPath;
  bool IsWrite = false;
  /// The element accessed differs between concurrent runs of the callable.
  bool Disjoint = false;
  /// Only an element of a sequence container is touched (`v[i]`, `v.at(i)`,
  /// `v.front()`), not the container's own state (its size, its buffer).
  bool ElementOnly = false;
  /// Only the container's own state is read (`v.size()`, `v.empty()`,
  /// `v.begin()`), not its elements.
  bool SizeQuery = false;
  /// The index of the element accessed (`x[i]`, `x.at(i)`), if any, and its
  /// value when it is a constant.
  const Expr *Index = nullptr;
  std::optional<int64_t> ConstantIndex;
  /// In a launched callable: a wait on a synchronizing object (a latch, a
  /// barrier, a future, a condition variable, a spin on an atomic) comes
  /// before the access: a hand-off the check does not model, so the access
  /// is assumed to be ordered after the other side's writes.
  bool AfterWait = false;
  /// In the launching function: the last such wait before the access, if
  /// any. It orders the access only after the launches that precede it.
  SourceLocation WaitBefore;
  /// The mutexes (their declarations) held during the access.
  llvm::SmallVector<const ValueDecl *, 2> Locks;
};

/// What one launched callable does to objects that live outside it.
struct CallableAccesses {
  llvm::SmallVector<SharedObjectAccess, 8> Accesses;
  /// Where each object is handed to the callable (its capture or argument).
  llvm::DenseMap<const ValueDecl *, SourceLocation> SharedAt;
  /// Objects that are different for each run of the callable: declared
  /// inside the loop that launches it, so each run gets its own.
  llvm::SmallVector<const ValueDecl *, 2> PerRun;
};

/// Types that synchronize themselves. \p Extra names more (regexes matched
/// against the qualified name of the class or class template).
bool isSynchronizedType(QualType Type, const FunctionNameFilter *Extra);

/// The accesses that the callable of \p L, launched in \p Function, makes to
/// objects outside it.
CallableAccesses findCallableAccesses(const Launch &L,
                                      const FunctionDecl &Function,
                                      ASTContext &Context,
                                      const FunctionNameFilter *ExtraSyncTypes);

/// The accesses that \p Function itself makes to \p Objects, outside every
/// lambda body and outside the launch expressions \p Launches.
llvm::SmallVector<SharedObjectAccess, 8>
findFunctionAccesses(const FunctionDecl &Function,
                     llvm::ArrayRef<const ValueDecl *> Objects,
                     llvm::ArrayRef<Launch> Launches, ASTContext &Context);

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

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_SHAREDACCESS_H
