//===--- FunctionNameFilter.cpp - regex lists of function names -----------===//

#include "fearless/checker/FunctionNameFilter.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::fearless {

FunctionNameFilter::FunctionNameFilter(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 4> Items;
  List.split(Items, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    // Anchor the pattern so that it must match the whole name: `run` must not
    // allow `rerun_all`.
    llvm::Regex Pattern(("^(" + Item + ")$").str());
    std::string Error;
    if (!Pattern.isValid(Error)) {
      Invalid.push_back({Item.str(), Error});
      continue;
    }
    Patterns.push_back(std::move(Pattern));
  }
}

bool FunctionNameFilter::matches(const NamedDecl &Function) const {
  if (Patterns.empty())
    return false;
  const std::string Qualified = Function.getQualifiedNameAsString();
  const std::string Plain = Function.getNameAsString();
  for (const llvm::Regex &Pattern : Patterns)
    if (Pattern.match(Qualified) || Pattern.match(Plain))
      return true;
  return false;
}

bool FunctionNameFilter::matchesAnyEnclosingFunction(const Stmt &S,
                                                     ASTContext &Context) const {
  if (Patterns.empty())
    return false;
  for (const FunctionDecl *Function : enclosingFunctions(S, Context))
    if (matches(*Function))
      return true;
  return false;
}

llvm::SmallVector<const FunctionDecl *, 2>
enclosingFunctions(const Stmt &S, ASTContext &Context) {
  llvm::SmallVector<const FunctionDecl *, 2> Result;
  DynTypedNodeList Parents = Context.getParents(S);
  // Walk up the first parent chain; statements in a function body have one.
  while (!Parents.empty()) {
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Function = Parent.get<FunctionDecl>()) {
      Result.push_back(Function);
    } else if (const auto *Lambda = Parent.get<LambdaExpr>()) {
      // The body of a lambda is reached through the LambdaExpr; its call
      // operator is the function that runs it.
      if (const CXXMethodDecl *CallOperator = Lambda->getCallOperator();
          CallOperator && (Result.empty() || Result.back() != CallOperator))
        Result.push_back(CallOperator);
    }
    Parents = Context.getParents(Parent);
  }
  return Result;
}

} // namespace clang::tidy::fearless
