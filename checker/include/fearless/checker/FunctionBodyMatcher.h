//===--- FunctionBodyMatcher.h - match every function body ------*- C++ -*-===//
//
// For checks that analyse whole function bodies: matches every function
// definition and every lambda (whose call operator is a function of its own),
// and hands back the function, skipping templates that are not instantiated
// (their types are not known) and functions clang could not compile
// (hasCompileErrors).
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_FUNCTIONBODYMATCHER_H
#define FEARLESS_CHECKER_FUNCTIONBODYMATCHER_H

#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::fearless {

/// \p SystemHeaders: also the functions in system headers (AnalysedCode.h).
void registerFunctionBodyMatchers(
    ast_matchers::MatchFinder &Finder,
    ast_matchers::MatchFinder::MatchCallback &Callback, bool SystemHeaders);

/// The function a match of registerFunctionBodyMatchers is about, or null
/// when there is nothing to analyse (no body, a dependent context).
const FunctionDecl *
matchedFunctionBody(const ast_matchers::MatchFinder::MatchResult &Result);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_FUNCTIONBODYMATCHER_H
