//===--- AnalysedCode.h - which code the checks analyse ---------*- C++ -*-===//
//
// Every check leaves the system headers alone unless the user asked for
// findings there (clang-tidy's --system-headers, `SystemHeaders: true`):
// clang-tidy would drop every finding in them anyway, and analysing the
// threads that <future> or <execution> start themselves would make every
// translation unit that includes them pay for the analyses (and for the
// parent map of the whole AST) even when the user's code starts no thread.
// Functions in system headers are still read on demand, as callees
// (function summaries, thread-start wrappers, typestate annotations).
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_ANALYSEDCODE_H
#define FEARLESS_CHECKER_ANALYSEDCODE_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace clang::tidy::fearless {

/// True when the user asked for findings in system headers. Every check
/// asks once, when clang-tidy creates it for a translation unit; the answer
/// also tells parentsOf (Parents.h) whether it may leave the system headers
/// out of the parent map.
bool analysesSystemHeaders(ClangTidyContext &Context);

/// Matches a declaration or statement that the checks analyse: any when
/// \p SystemHeaders, otherwise one written outside the system headers.
AST_POLYMORPHIC_MATCHER_P(isAnalysedCode,
                          AST_POLYMORPHIC_SUPPORTED_TYPES(Decl, Stmt), bool,
                          SystemHeaders) {
  if (SystemHeaders)
    return true;
  const SourceManager &Sources = Finder->getASTContext().getSourceManager();
  const SourceLocation Where = Sources.getExpansionLoc(Node.getBeginLoc());
  return Where.isInvalid() || !Sources.isInSystemHeader(Where);
}

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_ANALYSEDCODE_H
