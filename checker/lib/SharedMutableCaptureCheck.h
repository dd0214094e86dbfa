//===--- SharedMutableCaptureCheck.h - fearless-shared-mutable-capture -*- C++ -*-===//
//
// Finds data races that can be seen in one function: an object written by a
// concurrent context (a thread, a std::async task, a scoped thread, a
// parallel algorithm's callable) while another context that may run at the
// same time — another run of the same callable, another launch, or the
// launching function before it joins — reads or writes it, without a common
// mutex, without a synchronizing type, and not on disjoint elements.
//
// For the user-facing documentation see
// docs/checks/fearless-shared-mutable-capture.md
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_SHAREDMUTABLECAPTURECHECK_H
#define FEARLESS_CHECKER_SHAREDMUTABLECAPTURECHECK_H

#include "fearless/checker/ConcurrencyModel.h"
#include "fearless/checker/FunctionNameFilter.h"
#include "fearless/checker/ThreadStartWrappers.h"
#include "fearless/checker/SharedAccess.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <string>

namespace clang::tidy::fearless {

class SharedMutableCaptureCheck : public ClangTidyCheck {
public:
  SharedMutableCaptureCheck(StringRef Name, ClangTidyContext *Context);

  /// C++11 and later, and C (pthread_create is a launch there too).
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11 || !LangOpts.CPlusPlus;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  /// Whether system headers are analysed too (AnalysedCode.h).
  const bool SystemHeaders;
  struct Race;
  void analyzeFunction(const FunctionDecl &Function, ASTContext &Context);
  void report(const Race &R, ASTContext &Context);

  const std::string ConcurrentFunctionsOption;
  const std::string SynchronizedTypesOption;
  const FunctionNameFilter ConcurrentFunctions;
  const FunctionNameFilter SynchronizedTypes;
  LaunchOptions Launches;
  ThreadStartWrappers Wrappers;
  llvm::DenseSet<const FunctionDecl *> Analyzed;
  llvm::DenseSet<SourceLocation> Reported;
  /// The function summaries of the translation unit being checked.
  std::unique_ptr<SummaryCache> Summaries;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_SHAREDMUTABLECAPTURECHECK_H
