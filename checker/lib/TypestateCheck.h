//===--- TypestateCheck.h - fearless-typestate ------------------*- C++ -*-===//
//
// Finds calls on objects of state machines made in a state the call does
// not allow, uses of objects after a consuming call, arguments in a state
// their parameter does not expect, and objects destroyed in a state their
// class does not allow: classes annotated with fearless/typestate.hpp,
// class templates whose members return another specialisation of the same
// template (the article's StateMachine<State>), and the built-in models of
// std::thread, std::future, std::promise and fearless::join_handle.
// Flow-sensitive over the CFG of each function. Also checks that the
// annotations themselves are well formed.
//
// For the user-facing documentation see docs/checks/fearless-typestate.md
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_TYPESTATECHECK_H
#define FEARLESS_CHECKER_TYPESTATECHECK_H

#include "fearless/checker/TypestateAnalysis.h"
#include "fearless/checker/TypestateAnnotations.h"
#include "fearless/checker/TypestateModel.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "fearless/checker/AnalysedCode.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::fearless {

class TypestateCheck : public ClangTidyCheck {
public:
  TypestateCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context),
        SystemHeaders(analysesSystemHeaders(*Context)),
        CheckExceptionalPaths(Options.get("CheckExceptionalPaths", false)) {}

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// Whether system headers are analysed too (AnalysedCode.h).
  const bool SystemHeaders;
  /// Also report objects that an exception may destroy in a state their
  /// class does not allow.
  const bool CheckExceptionalPaths;

  void report(const TypestateFinding &F);
  void reportArgument(const TypestateFinding &F, const TypestateModel &Model);
  void reportDestruction(const TypestateFinding &F, const TypestateModel &Model);
  void reportThrow(const TypestateFinding &F, const TypestateModel &Model);
  void reportLeft(const TypestateFinding &F, const TypestateModel &Model);
  void reportReturned(const TypestateFinding &F, const TypestateModel &Model);
  void reportConsumed(const TypestateFinding &F, const TypestateModel &Model);
  void noteProducer(const TypestateFinding &F, const TypestateModel &Model);
  void notePath(const TypestateFinding &F);

  TypestateAnnotationValidator Annotations;
  llvm::DenseSet<SourceLocation> Reported;
  llvm::DenseSet<std::pair<const ValueDecl *, SourceLocation>> ReportedLeaving;
  llvm::DenseSet<const CXXMethodDecl *> SuggestedRvalueQualifier;
};

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_TYPESTATECHECK_H
