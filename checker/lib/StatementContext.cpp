//===--- StatementContext.cpp - where a statement sits --------------------===//

#include "fearless/checker/StatementContext.h"
#include "fearless/checker/Parents.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/TypeLoc.h"

namespace clang::tidy::fearless {

llvm::SmallVector<const FunctionDecl *, 2>
enclosingFunctions(const Stmt &S, ASTContext &Context) {
  llvm::SmallVector<const FunctionDecl *, 2> Result;
  DynTypedNode Child = DynTypedNode::create(S);
  DynTypedNodeList Parents = parentsOf(Context, S);
  // Walk up the first parent chain; statements in a function body have one.
  while (!Parents.empty()) {
    const DynTypedNode Parent = Parents[0];
    if (const auto *Function = Parent.get<FunctionDecl>()) {
      if (Result.empty() || Result.back() != Function)
        Result.push_back(Function);
    } else if (const auto *Lambda = Parent.get<LambdaExpr>()) {
      // Only the body runs in the lambda's call operator.
      const CXXMethodDecl *CallOperator = Lambda->getCallOperator();
      if (CallOperator && Child.get<Stmt>() == Lambda->getBody() &&
          (Result.empty() || Result.back() != CallOperator))
        Result.push_back(CallOperator);
    }
    Child = Parent;
    Parents = parentsOf(Context, Parent);
  }
  return Result;
}

bool isInUnevaluatedContext(const Stmt &S, ASTContext &Context) {
  DynTypedNodeList Parents = parentsOf(Context, S);
  while (!Parents.empty()) {
    const DynTypedNode &Parent = Parents[0];
    if (Parent.get<FunctionDecl>())
      return false;
    if (const auto *Trait = Parent.get<UnaryExprOrTypeTraitExpr>();
        Trait && Trait->getKind() != UETT_VecStep)
      return true;
    if (Parent.get<CXXNoexceptExpr>() || Parent.get<RequiresExpr>() ||
        Parent.get<DecltypeTypeLoc>() || Parent.get<TypeOfExprTypeLoc>())
      return true;
    if (const auto *TypeId = Parent.get<CXXTypeidExpr>();
        TypeId && !TypeId->isPotentiallyEvaluated())
      return true;
    Parents = parentsOf(Context, Parent);
  }
  return false;
}

bool hasCompileErrors(const FunctionDecl &Function) {
  if (Function.isInvalidDecl())
    return true;
  // Errors in the body are always reported as errors of the translation
  // unit: valid code never pays for the walk below.
  if (!Function.getASTContext().getDiagnostics().hasErrorOccurred())
    return false;
  // An explicit worklist: a long chain of operators is a deep tree.
  llvm::SmallVector<const Stmt *, 32> Worklist{Function.getBody()};
  while (!Worklist.empty()) {
    const Stmt *S = Worklist.pop_back_val();
    if (!S)
      continue;
    if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
      return true;
    if (const auto *Declaration = dyn_cast<DeclStmt>(S))
      for (const Decl *D : Declaration->decls())
        if (D->isInvalidDecl())
          return true;
    // A lambda's children include its body, whose errors do not make the
    // lambda expression itself contain errors.
    for (const Stmt *Child : S->children())
      Worklist.push_back(Child);
  }
  return false;
}

bool isInFunctionWithCompileErrors(const Stmt &S, ASTContext &Context) {
  if (!Context.getDiagnostics().hasErrorOccurred())
    return false;
  llvm::SmallVector<const FunctionDecl *, 2> Functions =
      enclosingFunctions(S, Context);
  return !Functions.empty() && hasCompileErrors(*Functions.back());
}

} // namespace clang::tidy::fearless
