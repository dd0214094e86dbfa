//===--- GuardBorrowCheck.h - fearless-guard-borrow -------------*- C++ -*-===//
//
// Finds references, pointers, iterators and views into lock-guarded data
// that are used after the guard that gave access to the data has released
// the lock: Rust's rule that a borrow of a MutexGuard cannot outlive the
// guard. Kept past a temporary guard's statement, past a guard's scope or its
// unlock(), returned, stored where the guard cannot follow, or used by a
// thread that may still run when the guard dies. The tracing is in
// fearless/checker/GuardBorrows.h.
//
// For the user-facing documentation see docs/checks/fearless-guard-borrow.md
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_GUARDBORROWCHECK_H
#define FEARLESS_CHECKER_GUARDBORROWCHECK_H

#include "fearless/checker/ConcurrencyModel.h"
#include "fearless/checker/FunctionCFG.h"
#include "fearless/checker/FunctionNameFilter.h"
#include "fearless/checker/GuardBorrows.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <string>

namespace clang::tidy::fearless {

class GuardBorrowCheck : public ClangTidyCheck {
public:
  GuardBorrowCheck(StringRef Name, ClangTidyContext *Context);

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
  class FunctionFacts;

  void checkFunction(const FunctionDecl &Function, ASTContext &Context);
  void checkRangeFor(const CXXForRangeStmt &Loop, ASTContext &Context);
  void checkLocal(const VarDecl &Var, const FunctionFacts &Facts,
                  const FunctionDecl &Function, ASTContext &Context);
  void checkAssignment(const Expr &Target, const Expr &Value,
                       SourceLocation Where, const FunctionFacts &Facts,
                       const FunctionDecl &Function, ASTContext &Context);
  void checkReturn(const ReturnStmt &Return, const FunctionDecl &Function);
  void checkLaunch(const Launch &L, const FunctionDecl &Function,
                   ASTContext &Context);
  /// The guard variable \p Source names, when it belongs to \p Function.
  static const VarDecl *ownGuard(const GuardSource &Source,
                                 const FunctionDecl &Function);
  std::string guardName(const GuardSource &Source, ASTContext &Context) const;
  bool firstReport(SourceLocation Where) { return Reported.insert(Where).second; }

  const std::string GuardTypesOption;
  const FunctionNameFilter GuardTypeNames;
  const GuardTypes Guards;
  LaunchOptions Launches;
  FunctionCFGCache CFGs;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_GUARDBORROWCHECK_H
