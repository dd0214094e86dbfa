//===--- FunctionNameFilter.cpp - regex lists of function names -----------===//

#include "fearless/checker/FunctionNameFilter.h"

#include "fearless/checker/StatementContext.h"


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

} // namespace clang::tidy::fearless
