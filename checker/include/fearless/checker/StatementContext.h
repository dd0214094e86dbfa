//===--- StatementContext.h - where a statement sits ------------*- C++ -*-===//
//
// Questions about the surroundings of a statement that every check asks:
// which functions (and lambdas) contain it, whether it is evaluated at all,
// and whether clang understood the function it is in.
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

/// True when clang could not make sense of part of \p Function: the
/// declaration is invalid, or its body (lambda bodies included) holds an
/// invalid declaration or an expression with errors (what clang's recovery
/// keeps of code that did not compile). The checks do not analyse such a
/// function: an unknown call may have been the join, an unknown type the
/// lock, so any finding there would be a guess. Free when the translation
/// unit compiled without errors.
bool hasCompileErrors(const FunctionDecl &Function);

/// hasCompileErrors of the outermost function whose body contains \p S
/// (the one the flow analyses walk, with its lambdas); false outside any.
bool isInFunctionWithCompileErrors(const Stmt &S, ASTContext &Context);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_STATEMENTCONTEXT_H
