//===--- GuardBorrows.h - references obtained through a lock guard -*- C++ -*-===//
//
// A guard (fearless::mutex_guard, read_guard, write_guard, or any class
// annotated FEARLESS_GUARD or named in a check's GuardTypes option) gives
// access to the data of the lock that created it for as long as it lives.
// A reference, pointer, iterator or view obtained through it is a borrow of
// that guard, as in Rust, where it cannot outlive the MutexGuard: once the
// guard is destroyed or unlocked, using the borrow touches the data without
// the lock.
//
// guardBehind() traces an expression back to the guard it borrows from:
//   - the access itself: `*g`, `g->member`, `g.get()`, `g.operator->()`;
//   - what is derived from an access: `&e`, `e.member`, `e[i]`, `*e`, a
//     member call on `e` that returns a reference, pointer, iterator or view
//     (Rust's lifetime elision: the result borrows from the object), a view
//     or std::ref built from `e`, and a local reference or pointer-like
//     variable initialised with one of those.
// The guard is either a temporary (`*m.lock()`: destroyed at the end of the
// full-expression) or a local variable of the function (destroyed at the end
// of its scope, or unlocked early by `g.unlock()`); guards reached any other
// way (members, references, parameters) have a lifetime we do not know, and
// nothing is traced through them.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_GUARDBORROWS_H
#define FEARLESS_CHECKER_GUARDBORROWS_H

#include "fearless/checker/FunctionNameFilter.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <optional>

namespace clang::tidy::fearless {

/// Which classes are guards: those annotated FEARLESS_GUARD
/// ([[clang::annotate("fearless::guard")]]) and those \p Named matches.
class GuardTypes {
public:
  explicit GuardTypes(const FunctionNameFilter &Named) : Named(Named) {}
  bool isGuard(QualType Type) const;

private:
  const FunctionNameFilter &Named;
};

/// The guard an expression borrows from.
struct GuardSource {
  /// The guard as written in the access (`m.lock()`, `g`, `*maybe`).
  const Expr *Guard = nullptr;
  /// The local variable holding the guard; null when the guard is a
  /// temporary that dies at the end of its full-expression. For an
  /// std::optional of a guard (`try_lock()`), the optional.
  const VarDecl *Variable = nullptr;
  /// The access: `*g`, `g->x`, `g.get()`.
  const Expr *Access = nullptr;

  bool isTemporary() const { return Variable == nullptr; }
};

/// The guard \p Value borrows from, if it is a reference, pointer, iterator
/// or view into data obtained through a guard whose lifetime is known.
std::optional<GuardSource> guardBehind(const Expr &Value, const GuardTypes &Guards);

/// True for a variable or return type that can refer into another object:
/// a reference, or a pointer, iterator or view (isPointerLike).
bool canReferInto(QualType Type);

/// True for a variable that holds a guard (or an std::optional of one).
bool holdsGuard(const VarDecl &Var, const GuardTypes &Guards);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_GUARDBORROWS_H
