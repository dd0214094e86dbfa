//===--- MutationAnalyzer.h - is an expression written? ---------*- C++ -*-===//
//
// clang's ExprMutationAnalyzer, asked about the statement an expression is
// in rather than about the whole function body.
//
// ExprMutationAnalyzer answers each question by matching over the statement
// it was built with: asked about every name in a function of n statements,
// each answer costs O(n) and all of them O(n^2) (a generated 20,000-line
// function took hours). A write to an object happens in the statement that
// names it, with one exception: a reference or pointer declared there
// (`int &r = x;`, `auto &[a, b] = pair;`, `int *p = x.data();`), through
// which later statements write. So the question is asked about the
// enclosing statement of a block (the whole `if` or loop when the name is in
// its condition), and about the whole body when that statement declares a
// reference or a pointer. The answers are the same; the cost is linear.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_MUTATIONANALYZER_H
#define FEARLESS_CHECKER_MUTATIONANALYZER_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::fearless {

class MutationAnalyzer {
public:
  MutationAnalyzer(const Stmt &Body, ASTContext &Context)
      : Body(Body), Context(Context) {}

  /// The statement that writes the object \p E names, or null.
  const Stmt *findMutation(const Expr &E);
  /// The statement that writes the object the pointer \p E points to.
  const Stmt *findPointeeMutation(const Expr &E);

private:
  /// The statement \p E is judged in (see the file comment).
  const Stmt &scopeOf(const Expr &E) const;

  const Stmt &Body;
  ASTContext &Context;
  /// Answers and callee analyses, shared by every scope: an expression is
  /// always judged in the same scope, and a callee's parameters do not
  /// depend on the caller's.
  ExprMutationAnalyzer::Memoized Memo;
  /// Whether each statement of a block asked about declares an alias.
  mutable llvm::DenseMap<const Stmt *, bool> DeclaresAlias;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_MUTATIONANALYZER_H
