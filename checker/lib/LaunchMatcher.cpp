//===--- LaunchMatcher.cpp - AST matchers for launches --------------------===//

#include "fearless/checker/LaunchMatcher.h"
#include "fearless/checker/AnalysedCode.h"

#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {
namespace {

AST_MATCHER_P(Expr, startsConcurrentWork, const LaunchOptions *, Options) {
  return !describeLaunches(Node, Finder->getASTContext(), *Options).empty();
}

} // namespace

void registerLaunchMatchers(MatchFinder &Finder,
                            MatchFinder::MatchCallback &Callback,
                            bool SystemHeaders, const LaunchOptions &Options) {
  Finder.addMatcher(callExpr(isAnalysedCode(SystemHeaders),
                             startsConcurrentWork(&Options))
                        .bind("launch"),
                    &Callback);
  Finder.addMatcher(cxxConstructExpr(isAnalysedCode(SystemHeaders),
                                     startsConcurrentWork(&Options))
                        .bind("launch"),
                    &Callback);
}

} // namespace clang::tidy::fearless
