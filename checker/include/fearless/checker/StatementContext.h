//===--- StatementContext.h - where a statement sits ------------*- C++ -*-===//
//
// Questions about the surroundings of a statement that every check asks:
// which functions (and lambdas) contain it, and whether it is evaluated at all.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_STATEMENTCONTEXT_H
#define FEARLESS_CHECKER_STATEMENTCONTEXT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::fearless {

/// The functions whose bodies contain \p S, innermost first: the call
/// operator of each lambda whose *body* contains \p S (an init-capture is
/// evaluated by the enclosing function), then the enclosing functions.
llvm::SmallVector<const FunctionDecl *, 2>
enclosingFunctions(const Stmt &S, ASTContext &Context);

/// True when \p S is never evaluated: inside sizeof/alignof, decltype,
/// noexcept(...), a typeid of a non-polymorphic operand, or a requires-
/// expression.
bool isInUnevaluatedContext(const Stmt &S, ASTContext &Context);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_STATEMENTCONTEXT_H
