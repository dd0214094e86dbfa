//===--- StatementContext.cpp - where a statement sits --------------------===//

#include "fearless/checker/StatementContext.h"

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
  DynTypedNodeList Parents = Context.getParents(S);
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
    Parents = Context.getParents(Parent);
  }
  return Result;
}

bool isInUnevaluatedContext(const Stmt &S, ASTContext &Context) {
  DynTypedNodeList Parents = Context.getParents(S);
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
    Parents = Context.getParents(Parent);
  }
  return false;
}

} // namespace clang::tidy::fearless
