//===--- ThreadEscapingBorrowCheck.h - fearless-thread-escaping-borrow -*- C++ -*-===//
//
// Finds threads that may outlive the stack data they borrow: a launch
// (std::thread, std::jthread, std::async, pthread_create, an escaping
// function) whose callable borrows an object — captured by reference,
// reached through a pointer, view or iterator, passed by std::ref — that may
// die while the thread still runs, because the thread is detached, returned,
// stored somewhere that outlives the function, or simply not joined on some
// path before the object's scope ends. Threads spawned in a fearless::scope
// are joined by the scope and never reported.
//
// For the user-facing documentation see
// docs/checks/fearless-thread-escaping-borrow.md
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_THREADESCAPINGBORROWCHECK_H
#define FEARLESS_CHECKER_THREADESCAPINGBORROWCHECK_H

#include "fearless/checker/Borrows.h"
#include "fearless/checker/ConcurrencyModel.h"
#include "fearless/checker/FunctionCFG.h"
#include "fearless/checker/FunctionNameFilter.h"
#include "fearless/checker/ThreadStartWrappers.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <string>

namespace clang::tidy::fearless {

class ThreadEscapingBorrowCheck : public ClangTidyCheck {
public:
  ThreadEscapingBorrowCheck(StringRef Name, ClangTidyContext *Context);

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
  void checkLaunch(const Launch &L, ASTContext &Context);
  void reportStrict(const Launch &L, llvm::ArrayRef<Borrow> Borrows);

  const bool StrictMode;
  const std::string EscapingFunctionsOption;
  const FunctionNameFilter EscapingFunctions;
  LaunchOptions Launches;
  ThreadStartWrappers Wrappers;
  static SourceLocation reportKey(const Launch &L);

  FunctionCFGCache CFGs;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_THREADESCAPINGBORROWCHECK_H
