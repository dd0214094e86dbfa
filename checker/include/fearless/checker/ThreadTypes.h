//===--- ThreadTypes.h - what counts as a thread handle ---------*- C++ -*-===//
//
// Recognises the standard thread handle types and the expressions that start
// a thread, so that every check agrees on what a "launch" is.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_THREADTYPES_H
#define FEARLESS_CHECKER_THREADTYPES_H

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <initializer_list>

namespace clang::tidy::fearless {

/// True when \p Name is one of \p Names.
inline bool isOneOf(std::initializer_list<llvm::StringRef> Names,
                    llvm::StringRef Name) {
  return llvm::is_contained(Names, Name);
}

/// True when \p D is declared in namespace std (or an inline namespace of
/// it) with one of \p Names.
bool isStdNamed(const NamedDecl *D, std::initializer_list<llvm::StringRef> Names);

/// True for `std::thread` and `std::jthread` (cv-qualified or not).
bool isStdThreadType(QualType Type);

/// True for `std::jthread` (cv-qualified or not).
bool isStdJThreadType(QualType Type);

/// True for `std::future` (whose destructor waits for a std::async task).
bool isStdFutureType(QualType Type);

/// The element type of a container class template specialization (its first
/// template argument), looking through references and pointers; null when
/// \p Container is not one.
QualType containerElementType(QualType Container);

/// True for a construction of `std::thread` or `std::jthread` that starts a
/// thread: any constructor but the default, copy and move constructors.
bool isThreadLaunchingConstruction(const CXXConstructExpr &Construct);

/// `std::move(x)` or `std::forward<T>(x)`.
bool isStdMoveOrForward(const CallExpr &Call);

/// Strips parentheses, implicit casts and temporary materialisation and
/// binding: the expression as written.
const Expr *ignoreTemporaries(const Expr *E);

/// Strips what does not change which object an expression denotes:
/// parentheses, implicit casts, temporary materialisation and binding,
/// functional casts and `std::move` / `std::forward` calls.
const Expr *stripValuePreservingWrappers(const Expr *E);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_THREADTYPES_H
