//===--- LaunchMatcher.h - AST matchers for launches ------------*- C++ -*-===//
//
// `registerLaunchMatchers`: matches the expressions that the concurrency
// model describes as launches, for the checks' registerMatchers.
//
// A launch is a call or a construction. The matchers are registered on those
// two node kinds, not on every expression: clang's MatchFinder runs a matcher
// only on the nodes of the kind it is restricted to, and an `expr()` matcher
// is asked about every expression of every template instantiation in the
// system headers, which costs more than the analyses themselves on a small
// translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_LAUNCHMATCHER_H
#define FEARLESS_CHECKER_LAUNCHMATCHER_H

#include "fearless/checker/ConcurrencyModel.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::fearless {

/// Binds "launch" to every call or construction written in the analysed code
/// (AnalysedCode.h) that \p Options describe as a launch.
void registerLaunchMatchers(ast_matchers::MatchFinder &Finder,
                            ast_matchers::MatchFinder::MatchCallback &Callback,
                            bool SystemHeaders, const LaunchOptions &Options);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_LAUNCHMATCHER_H
