//===--- ThreadPlacement.h - where a launch puts its thread -----*- C++ -*-===//
//
// The first step of the thread-lifetime analysis (ThreadLifetime.h): from a
// launch's context, where its thread ends up — a local holder (a
// std::thread, a jthread, a future, a pthread_t, a container of threads, a
// fearless join handle), an immediate escape (detached on the spot,
// returned, stored into a member, a global or a container that is not
// local), or finished on the spot — and the small AST helpers the
// flow-sensitive part shares with it. Internal to the analysis.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_THREADPLACEMENT_H
#define FEARLESS_CHECKER_THREADPLACEMENT_H

#include "fearless/checker/ConcurrencyModel.h"
#include "fearless/checker/ThreadLifetime.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <optional>
#include <string>

namespace clang::tidy::fearless::lifetime {

/// Strips what does not change which object an expression denotes, including
/// the copy or move constructions that pass a handle on (`return std::move(t)`).
const Expr *stripHandle(const Expr *E);
/// The variable \p E names, through handle-preserving wrappers.
const VarDecl *variableOf(const Expr *E);
/// True when \p E names \p Var.
bool refersTo(const Expr *E, const VarDecl *Var);
/// True when \p E is `&Var`.
bool isAddressOf(const Expr *E, const VarDecl *Var);
/// A variable with automatic storage that is an object (not a reference).
bool isLocalObject(const VarDecl *Var);
llvm::StringRef methodName(const CXXMemberCallExpr &Call);
/// push_back, emplace_back, insert...: calls that put an element in.
bool isContainerInsertion(llvm::StringRef Name);
/// How messages name the function \p Call calls.
std::string calleeName(const CallExpr &Call);

/// Where a thread stored into \p Target goes: an escape (a member, a
/// global, a container that outlives the function), or nothing with
/// \p Local set when \p Target is (a part of) a local object.
std::optional<Escape> storeTarget(const Expr *Target, SourceLocation Where,
                                  const VarDecl *&Local, unsigned Depth = 0);

/// What kind of local object holds a running thread.
enum class HolderKind { Thread, JThread, Future, Pthread, Container, JoinHandle };

/// Where the thread is right after the launch.
struct Placement {
  /// Forever: runs past the end of the function's body without escaping
  /// through a statement (a fearless::scope spawn whose handle is dropped).
  enum { Held, Escaped, Finished, Forever, Unknown } What = Unknown;
  const VarDecl *Holder = nullptr;
  HolderKind Kind = HolderKind::Thread;
  Escape Esc{Escape::NotJoined, {}, ""};
  bool JThreadElements = false; // for a container holder

  static Placement held(const VarDecl *V, HolderKind K) {
    Placement P;
    P.What = Held;
    P.Holder = V;
    P.Kind = K;
    return P;
  }
  static Placement escaped(Escape E) {
    Placement P;
    P.What = Escaped;
    P.Esc = std::move(E);
    return P;
  }
  static Placement finished() {
    Placement P;
    P.What = Finished;
    return P;
  }
};

/// Where the thread of \p L is right after the launch. \p ForRaces: where
/// the thread runs for the race analysis rather than whether it outlives
/// borrows. A fearless::scope spawn is held by its join handle, or runs
/// until the scope joins it after the body returns (Forever here); the
/// borrow check asks only about the spawning function's own locals.
Placement placementOf(const Launch &L, ASTContext &Context, bool ForRaces);

} // namespace clang::tidy::fearless::lifetime

#endif // FEARLESS_CHECKER_THREADPLACEMENT_H
