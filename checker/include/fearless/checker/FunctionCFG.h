//===--- FunctionCFG.h - one function's CFG, indexed ------------*- C++ -*-===//
//
// The control-flow graph of a function body as every flow-sensitive analysis
// of the checker wants it: every sub-expression is an element, implicit
// destructors and the ends of automatic objects' lifetimes are elements, and
// any statement of the body can be placed in the graph.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_FUNCTIONCFG_H
#define FEARLESS_CHECKER_FUNCTIONCFG_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <optional>

namespace clang::tidy::fearless {

/// The CFG of one function body with a map from every statement in it to its
/// place in the CFG. Built once per function and reused by every query.
class FunctionCFG {
public:
  /// Returns null when clang cannot build a CFG for the body.
  static std::unique_ptr<FunctionCFG> build(const Decl &Function,
                                            ASTContext &Context);

  const CFG &cfg() const { return *Graph; }
  const Decl &function() const { return Function; }
  ASTContext &context() const { return Context; }

  /// Where \p S is evaluated: its own CFG element, or that of the nearest
  /// enclosing statement that has one. std::nullopt when \p S is not in the
  /// body.
  struct Position {
    const CFGBlock *Block;
    unsigned Index;
  };
  std::optional<Position> positionOf(const Stmt &S) const;

  /// Where a path leaves a scope at element \p Index of \p Block (a
  /// destructor or lifetime end of \p Var): the `return` earlier in the
  /// block, else the closing brace of \p Var's scope.
  SourceLocation leavingPoint(const CFGBlock &Block, unsigned Index,
                              const VarDecl *Var) const;

private:
  FunctionCFG(const Decl &Function, std::unique_ptr<CFG> Graph,
              ASTContext &Context);

  const Decl &Function;
  std::unique_ptr<CFG> Graph;
  ASTContext &Context;
  llvm::DenseMap<const Stmt *, Position> Positions;
};

/// The CFGs of the functions a check has looked at in one translation unit,
/// built on first use (a function often holds several launches or detaches).
class FunctionCFGCache {
public:
  /// Null when clang cannot build a CFG for \p Function's body.
  const FunctionCFG *get(const FunctionDecl &Function, ASTContext &Context) {
    auto [It, Inserted] = CFGs.try_emplace(&Function);
    if (Inserted)
      It->second = FunctionCFG::build(Function, Context);
    return It->second.get();
  }
  void clear() { CFGs.clear(); }

private:
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionCFG>> CFGs;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_FUNCTIONCFG_H
