//===--- Borrows.h - what a launched callable borrows -----------*- C++ -*-===//
//
// Given a launch, finds the objects its callable can reach that live
// somewhere else: a by-reference capture (explicit, or implicit and used), a
// pointer, reference, iterator or view to an object captured by value or
// passed as an argument (`&x`, `x.data()`, `x.c_str()`, `x.begin()`,
// `std::string_view(x)`, `std::span(x)`, a local pointer initialised with
// one of those), `std::ref(x)` / `std::cref(x)`, and `this`.
//
// Each borrowed object is classified by who owns it:
//   - Local: an object with automatic storage of the launching function (a
//     local variable or a by-value parameter); it dies at the end of its scope;
//   - Caller: the referent of a reference or pointer parameter, an object of
//     an enclosing function seen from a lambda, or `*this`; it lives at least
//     until the launching function returns, and no one knows how much longer.
// Copies and moves are not borrows, nor are objects with static or thread
// storage duration, nor shared ownership (a std::shared_ptr copy).
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_BORROWS_H
#define FEARLESS_CHECKER_BORROWS_H

#include "fearless/checker/ConcurrencyModel.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::fearless {

enum class BorrowOwner { Local, Caller };

enum class BorrowKind {
  ReferenceCapture, ///< [&x], or [&] using x.
  PointerCapture,   ///< [p] or [p = &x] where p points into x.
  RefWrapper,       ///< std::ref(x) / std::cref(x) as an argument.
  PointerArgument,  ///< &x, x.data(), a view of x... as an argument.
  This,             ///< [this], [&] or [=] using members.
  Message,          ///< a pointer, view... sent on a channel it receives from.
};

struct Borrow {
  /// The borrowed object; null for `*this`.
  const VarDecl *Object = nullptr;
  BorrowOwner Owner = BorrowOwner::Local;
  BorrowKind Kind = BorrowKind::ReferenceCapture;
  /// Where the borrow is written: the capture, or the argument.
  SourceLocation Location;
  /// The pointer-like local through which the object is reached, if any.
  const VarDecl *Via = nullptr;
  /// The borrowed object is what the pointer parameter `Object` points to
  /// (named `*p` in diagnostics).
  bool PointeeOfObject = false;
  /// The name the callable's body uses to reach the object: the captured
  /// variable, the init-capture, or the callable's parameter that receives
  /// the argument; null when the body is not visible.
  const VarDecl *Named = nullptr;
  /// `Named` points to the object (a pointer, view or iterator) rather than
  /// referring to it.
  bool NamedIsPointer = false;
  /// The expression `Named` was bound from, when it is not a plain capture:
  /// an init-capture's initializer, or the launch argument.
  const Expr *BoundFrom = nullptr;
  /// Message: the sender the borrowing message is sent on.
  const ValueDecl *SentOn = nullptr;
};

/// The borrows of \p L, whose site is in the body of \p Function. Each object
/// appears once, at its first borrow in source order.
llvm::SmallVector<Borrow, 4> findBorrows(const Launch &L,
                                         const FunctionDecl &Function);

/// Like findBorrows, but keeps every name under which the callable reaches
/// each object (a capture and a pointer to the same local give two entries).
llvm::SmallVector<Borrow, 4> findBorrowNames(const Launch &L,
                                             const FunctionDecl &Function);

/// The objects the pointer-like value \p Value, evaluated in \p Function,
/// points into (`&x`, `x.data()`, `std::string_view(s)`, `std::ref(x)`, a
/// local pointer initialised or assigned with one of those...): borrows with
/// their Object, Owner, Via and PointeeOfObject set; the caller says how and
/// where they are borrowed.
llvm::SmallVector<Borrow, 2> objectsPointedToBy(const Expr &Value,
                                                const FunctionDecl &Function);

/// Types whose values point into another object: raw pointers (not to
/// functions), std::reference_wrapper, std::basic_string_view, std::span and
/// the standard library's iterators.
bool isPointerLike(QualType Type);

/// The variable whose storage \p D names: itself, or for a structured
/// binding (`auto [tx, rx] = ...`) the object the bindings decompose.
const VarDecl *storageOf(const ValueDecl *D);

/// How a diagnostic names a borrowed object: 'x', '[tx, rx]' (structured
/// bindings), or '*this'.
std::string borrowedName(const Borrow &B);

/// "by reference", "through the pointer 'p'", "through std::ref"...
std::string borrowDescription(const Borrow &B);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_BORROWS_H
