//===--- TypestateCheck.cpp - fearless-typestate --------------------------===//

#include "TypestateCheck.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/FunctionBodyMatcher.h"
#include "fearless/checker/TypestateModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/TypeLoc.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

void TypestateCheck::registerMatchers(MatchFinder *Finder) {
  registerFunctionBodyMatchers(*Finder, *this, SystemHeaders);
}

void TypestateCheck::check(const MatchFinder::MatchResult &Result) {
  for (const TypestateFinding &F : analyzeMatchedFunction(Result, {})) {
    if (F.What == TypestateFinding::WrongState ||
        F.What == TypestateFinding::UsedAfterConsume)
      report(F, *Result.Context);
    else if (F.What == TypestateFinding::DestroyedInWrongState)
      reportDestruction(F);
  }
}

/// Where the offending state came from: the construction or a transition.
void TypestateCheck::noteProducer(const TypestateFinding &F,
                                  const TypestateModel &Model) {
  if (!F.Producer)
    return;
  diag(F.Producer->getBeginLoc(),
       isa<DeclStmt>(F.Producer) ? "'%0' is constructed in state '%1' here"
                                 : "'%0' enters state '%1' here",
       DiagnosticIDs::Note)
      << F.Object->getNameAsString() << Model.describe(F.Offending);
}

void TypestateCheck::reportDestruction(const TypestateFinding &F) {
  std::optional<TypestateModel> Model = TypestateModel::of(F.Object->getType());
  if (!Model || F.LeavesAt.isInvalid() || !Reported.insert(F.LeavesAt).second)
    return;
  const std::string Object = F.Object->getNameAsString();
  diag(F.Object->getLocation(),
       "'%0' may be destroyed in state '%1', but its destructor requires '%2'")
      << Object << Model->describe(F.Offending) << Model->describe(F.Required);
  noteProducer(F, *Model);
  diag(F.LeavesAt, "'%0' is destroyed here", DiagnosticIDs::Note) << Object;
}

void TypestateCheck::report(const TypestateFinding &F, ASTContext &Context) {
  if (!Reported.insert(F.At->getExprLoc()).second)
    return;
  std::optional<TypestateModel> Model = TypestateModel::of(F.Object->getType());
  if (!Model)
    return;
  const std::string Object = F.Object->getNameAsString();
  const std::string Method = F.Method ? F.Method->getNameAsString() : "";

  if (F.What == TypestateFinding::WrongState) {
    diag(F.At->getExprLoc(), "'%0' may be in state '%1' here, but '%2' requires '%3'")
        << Object << Model->describe(F.Offending) << Method
        << Model->describe(F.Required);
    noteProducer(F, *Model);
    return;
  }

  // A use after a consuming call.
  const auto *Consuming = dyn_cast_or_null<CXXMemberCallExpr>(F.Producer);
  const CXXMethodDecl *Consumer = Consuming ? Consuming->getMethodDecl() : nullptr;
  const std::string ConsumerName = Consumer ? Consumer->getNameAsString() : "";
  if (Model->kind() == TypestateModel::Kind::TemplatePattern) {
    diag(F.At->getExprLoc(), "'%0' was consumed by the transition '%1'")
        << Object << ConsumerName;
  } else {
    diag(F.At->getExprLoc(), "'%0' is used after '%1' consumed it")
        << Object << ConsumerName;
  }
  if (Consuming)
    diag(Consuming->getExprLoc(), "'%0' consumes '%1' here", DiagnosticIDs::Note)
        << ConsumerName << Object;
  // The template pattern: a transition that is not &&-qualified can be
  // called on an lvalue; suggest the qualifier so the compiler enforces it.
  if (Model->kind() == TypestateModel::Kind::TemplatePattern && Consumer &&
      Consumer->getRefQualifier() != RQ_RValue &&
      SuggestedRvalueQualifier.insert(Consumer->getCanonicalDecl()).second) {
    const CXXMethodDecl *Declared =
        Consumer->getTemplateInstantiationPattern()
            ? cast<CXXMethodDecl>(Consumer->getTemplateInstantiationPattern())
            : Consumer;
    auto Note = diag(Declared->getLocation(),
                     "make the transition '%0' '&&'-qualified so that the "
                     "compiler rejects calls on an object that is still in use",
                     DiagnosticIDs::Note)
                << ConsumerName;
    const FunctionTypeLoc TypeLoc = Declared->getFunctionTypeLoc();
    if (TypeLoc && !Declared->isConst() && TypeLoc.getRParenLoc().isValid() &&
        !TypeLoc.getRParenLoc().isMacroID())
      Note << FixItHint::CreateInsertion(
          TypeLoc.getRParenLoc().getLocWithOffset(1), " &&");
  }
}

void TypestateCheck::onEndOfTranslationUnit() {
  Reported.clear();
  SuggestedRvalueQualifier.clear();
  restoreTraversalScopes();
}

} // namespace clang::tidy::fearless
