//===--- UnjoinedThreadCheck.h - fearless-unjoined-thread -------*- C++ -*-===//
//
// Finds std::thread locals that may be destroyed, or move-assigned over,
// while still joinable: std::terminate. Flow-sensitive: every path from the
// thread's start to its destructor must join or detach it, or hand it over
// (return it, move it out). std::jthread joins by itself and is never
// reported. Option CheckExceptionalPaths also reports calls that may throw
// while the thread is joinable.
//
// For the user-facing documentation see docs/checks/fearless-unjoined-thread.md
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_UNJOINEDTHREADCHECK_H
#define FEARLESS_CHECKER_UNJOINEDTHREADCHECK_H

#include "fearless/checker/TypestateAnalysis.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::fearless {

class UnjoinedThreadCheck : public ClangTidyCheck {
public:
  UnjoinedThreadCheck(StringRef Name, ClangTidyContext *Context);

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  /// Whether system headers are analysed too (AnalysedCode.h).
  const bool SystemHeaders;
  const bool CheckExceptionalPaths;
  llvm::DenseSet<const VarDecl *> Reported;
  llvm::DenseSet<SourceLocation> ReportedAt;
  /// Threads already reported for an exceptional path (one warning each).
  llvm::DenseSet<const VarDecl *> ReportedThrowFor;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_UNJOINEDTHREADCHECK_H
