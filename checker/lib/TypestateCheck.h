//===--- TypestateCheck.h - fearless-typestate ------------------*- C++ -*-===//
//
// Finds calls on objects of state machines made in a state the call does
// not allow, and uses of objects after a consuming call: classes annotated
// with fearless/typestate.hpp, class templates whose members return another
// specialisation of the same template (the article's StateMachine<State>),
// and the built-in models of std::thread, std::future, std::promise and
// fearless::join_handle. Flow-sensitive over the CFG of each function.
//
// For the user-facing documentation see docs/checks/fearless-typestate.md
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_TYPESTATECHECK_H
#define FEARLESS_CHECKER_TYPESTATECHECK_H

#include "fearless/checker/TypestateAnalysis.h"
#include "fearless/checker/TypestateModel.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "fearless/checker/AnalysedCode.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::fearless {

class TypestateCheck : public ClangTidyCheck {
public:
  TypestateCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context),
        SystemHeaders(analysesSystemHeaders(*Context)) {}

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// Whether system headers are analysed too (AnalysedCode.h).
  const bool SystemHeaders;
  void report(const TypestateFinding &F, ASTContext &Context);
  void reportDestruction(const TypestateFinding &F);
  void noteProducer(const TypestateFinding &F, const TypestateModel &Model);

  llvm::DenseSet<SourceLocation> Reported;
  llvm::DenseSet<const CXXMethodDecl *> SuggestedRvalueQualifier;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_TYPESTATECHECK_H
