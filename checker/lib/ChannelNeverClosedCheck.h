//===--- ChannelNeverClosedCheck.h - fearless-channel-never-closed -*- C++ -*-===//
//
// Finds loops that receive from a fearless channel until every sender is
// gone while a sender of the same channel, owned by the same function, stays
// alive until after the loop: the loop can never end (Go's missing
// `close(ch)`, Rust's missing `drop(tx)`). The analysis is in
// fearless/checker/ChannelDrains.h.
//
// For the user-facing documentation see
// docs/checks/fearless-channel-never-closed.md
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_CHANNELNEVERCLOSEDCHECK_H
#define FEARLESS_CHECKER_CHANNELNEVERCLOSEDCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "fearless/checker/AnalysedCode.h"
#include "fearless/checker/Parents.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::fearless {

class ChannelNeverClosedCheck : public ClangTidyCheck {
public:
  ChannelNeverClosedCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context),
        SystemHeaders(analysesSystemHeaders(*Context)) {}

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus17; // structured bindings, the runtime's C++20
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override {
    Reported.clear();
    restoreTraversalScopes();
  }

private:
  /// Whether system headers are analysed too (AnalysedCode.h).
  const bool SystemHeaders;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_CHANNELNEVERCLOSEDCHECK_H
