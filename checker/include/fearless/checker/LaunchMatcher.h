//===--- LaunchMatcher.h - an AST matcher for launches ----------*- C++ -*-===//
//
// `startsConcurrentWork(&Options)`: matches the expressions that the
// concurrency model describes as launches, for the checks' registerMatchers.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_LAUNCHMATCHER_H
#define FEARLESS_CHECKER_LAUNCHMATCHER_H

#include "fearless/checker/ConcurrencyModel.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace clang::tidy::fearless {

AST_MATCHER_P(Expr, startsConcurrentWork, const LaunchOptions *, Options) {
  if (!isa<CXXConstructExpr, CallExpr>(Node))
    return false;
  return !describeLaunches(Node, Finder->getASTContext(), *Options).empty();
}

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_LAUNCHMATCHER_H
