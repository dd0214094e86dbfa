//===--- ThreadOrigin.h - where a thread handle's thread started -*- C++ -*-===//
//
// Given an expression that denotes a thread handle at some statement (the
// object of `t.detach()`, the argument of `pthread_detach(tid)`), finds the
// expressions in the same function that started the thread it may hold there:
// a `std::thread`/`std::jthread` construction with a callable, `new` or
// `std::make_unique`/`std::make_shared` of one, or `pthread_create(&tid, ...)`.
//
// The search is flow-sensitive: it walks the function's CFG backwards from the
// statement and stops on each path at the last write of the handle. A write
// that is a launch is an origin; a move or copy from another local handle, or
// taking its address, continues the search from that handle; anything it does
// not understand (a factory call, passing the handle by reference to an
// unknown function) ends the path with no origin. So every origin returned is
// one that really may reach the statement; an empty result means "not visible
// here", never "no thread".
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_THREADORIGIN_H
#define FEARLESS_CHECKER_THREADORIGIN_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>

namespace clang::tidy::fearless {

/// The CFG of one function body with a map from every statement in it to its
/// place in the CFG. Built once per function and reused by every query.
class FunctionCFG {
public:
  /// Returns null when clang cannot build a CFG for the body.
  static std::unique_ptr<FunctionCFG> build(const Decl &Function,
                                            ASTContext &Context);

  const CFG &cfg() const { return *Graph; }
  ASTContext &context() const { return Context; }

  /// Where \p S is evaluated: its own CFG element, or that of the nearest
  /// enclosing statement that has one. std::nullopt when \p S is not in the
  /// body.
  struct Position {
    const CFGBlock *Block;
    unsigned Index;
  };
  std::optional<Position> positionOf(const Stmt &S) const;

private:
  FunctionCFG(std::unique_ptr<CFG> Graph, ASTContext &Context);

  std::unique_ptr<CFG> Graph;
  ASTContext &Context;
  llvm::DenseMap<const Stmt *, Position> Positions;
};

/// The launches that may have started the thread that \p Handle denotes when
/// \p At is evaluated, in source order, without duplicates. \p Handle is a
/// sub-expression of \p At, and \p Body the CFG of the innermost function
/// around \p At. A handle that is itself a launch (`std::thread(f).detach()`)
/// needs no CFG, so \p Body may be null (code outside any function).
llvm::SmallVector<const Expr *, 2> findThreadOrigins(const Expr &Handle,
                                                     const Stmt &At,
                                                     const FunctionCFG *Body);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_THREADORIGIN_H
