//===--- DetachedThreadCheck.h - fearless-detached-thread -------*- C++ -*-===//
//
// Finds threads that are detached: calls of `std::thread::detach`,
// `std::jthread::detach` and `pthread_detach`. A detached thread can never be
// joined, so nothing can wait for it and nothing it uses can be known to
// outlive it (C++ Core Guidelines CP.26). Rust's scoped threads have no
// detach at all. The warning is at the call; a note points at the place the
// thread was started when that is visible in the same function.
//
// For the user-facing documentation see
// docs/checks/fearless-detached-thread.md
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_DETACHEDTHREADCHECK_H
#define FEARLESS_CHECKER_DETACHEDTHREADCHECK_H

#include "fearless/checker/FunctionNameFilter.h"
#include "fearless/checker/ThreadOrigin.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <string>

namespace clang::tidy::fearless {

class DetachedThreadCheck : public ClangTidyCheck {
public:
  DetachedThreadCheck(StringRef Name, ClangTidyContext *Context);

  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  /// Whether system headers are analysed too (AnalysedCode.h).
  const bool SystemHeaders;

  const std::string AllowedFunctionsOption;
  const FunctionNameFilter AllowedFunctions;
  FunctionCFGCache CFGs;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_DETACHEDTHREADCHECK_H
