//===--- TypestateCheck.cpp - fearless-typestate --------------------------===//

#include "TypestateCheck.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/FunctionBodyMatcher.h"
#include "fearless/checker/TypestateModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/TypeLoc.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

void TypestateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CheckExceptionalPaths", CheckExceptionalPaths);
}

void TypestateCheck::registerMatchers(MatchFinder *Finder) {
  registerFunctionBodyMatchers(*Finder, *this, SystemHeaders);
  // Every declaration that carries an annotation: the typestate ones are
  // checked where they are written.
  Finder->addMatcher(decl(hasAttr(attr::Annotate)).bind("annotated"), this);
}

void TypestateCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Annotated = Result.Nodes.getNodeAs<Decl>("annotated")) {
    Annotations.check(*Annotated, [this](SourceLocation Where,
                                         const std::string &Message) {
      diag(Where, "%0") << Message;
    });
    return;
  }
  TypestateOptions Options;
  Options.ExceptionalPaths = CheckExceptionalPaths;
  for (const TypestateFinding &F : analyzeMatchedFunction(Result, Options))
    report(F);
}

void TypestateCheck::report(const TypestateFinding &F) {
  std::optional<TypestateModel> Model = TypestateModel::of(F.Object->getType());
  if (!Model)
    return;
  switch (F.What) {
  case TypestateFinding::WrongState: {
    if (!Reported.insert(F.At->getExprLoc()).second)
      return;
    diag(F.At->getExprLoc(), "'%0' may be in state '%1' here, but '%2' requires '%3'")
        << F.Object->getNameAsString() << Model->describe(F.Offending)
        << (F.Method ? F.Method->getNameAsString() : "") << Model->describe(F.Required);
    noteProducer(F, *Model);
    return;
  }
  case TypestateFinding::UsedAfterConsume:
    reportConsumed(F, *Model);
    return;
  case TypestateFinding::WrongArgumentState:
    reportArgument(F, *Model);
    return;
  case TypestateFinding::DestroyedInWrongState:
    reportDestruction(F, *Model);
    return;
  case TypestateFinding::DestroyedByThrow: // only with CheckExceptionalPaths
    reportThrow(F, *Model);
    return;
  case TypestateFinding::LeftInWrongState:
    reportLeft(F, *Model);
    return;
  case TypestateFinding::ReturnedInWrongState:
    reportReturned(F, *Model);
    return;
  case TypestateFinding::JoinableAtEnd:
  case TypestateFinding::JoinableAtAssign:
  case TypestateFinding::JoinableAtThrow:
    return; // fearless-unjoined-thread's
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

/// The branches taken on the path that leaves the object so.
void TypestateCheck::notePath(const TypestateFinding &F) {
  for (const TypestatePathStep &Step : F.Path)
    diag(Step.Where, "%0", DiagnosticIDs::Note) << Step.What;
}

void TypestateCheck::reportArgument(const TypestateFinding &F,
                                    const TypestateModel &Model) {
  if (!Reported.insert(F.At->getExprLoc()).second)
    return;
  diag(F.At->getExprLoc(),
       "'%0' may be in state '%1' here, but '%2' requires '%3' for its parameter '%4'")
      << F.Object->getNameAsString() << Model.describe(F.Offending)
      << (F.Function ? F.Function->getNameAsString() : "")
      << Model.describe(F.Required)
      << (F.Parameter ? F.Parameter->getNameAsString() : "");
  noteProducer(F, Model);
}

void TypestateCheck::reportDestruction(const TypestateFinding &F,
                                       const TypestateModel &Model) {
  // One warning per object and place it is destroyed (two objects may leave
  // their scope at the same brace).
  if (F.LeavesAt.isInvalid() || !ReportedLeaving.insert({F.Object, F.LeavesAt}).second)
    return;
  const std::string Object = F.Object->getNameAsString();
  diag(F.Object->getLocation(),
       "'%0' may be destroyed in state '%1', but its destructor requires '%2'")
      << Object << Model.describe(F.Offending) << Model.describe(F.Required);
  noteProducer(F, Model);
  notePath(F);
  diag(F.LeavesAt, "'%0' is destroyed here", DiagnosticIDs::Note) << Object;
}

void TypestateCheck::reportThrow(const TypestateFinding &F, const TypestateModel &Model) {
  if (!Reported.insert(F.At->getExprLoc()).second)
    return;
  const std::string Object = F.Object->getNameAsString();
  if (isa<CXXThrowExpr>(F.At))
    diag(F.At->getExprLoc(), "'%0' may be destroyed in state '%1' when this "
                             "throws, but its destructor requires '%2'")
        << Object << Model.describe(F.Offending) << Model.describe(F.Required);
  else
    diag(F.At->getExprLoc(), "'%0' may be destroyed in state '%1' if '%2' "
                             "throws, but its destructor requires '%3'")
        << Object << Model.describe(F.Offending)
        << (F.Function ? F.Function->getNameAsString() : "the call")
        << Model.describe(F.Required);
  noteProducer(F, Model);
  notePath(F);
}

void TypestateCheck::reportLeft(const TypestateFinding &F, const TypestateModel &Model) {
  if (F.LeavesAt.isInvalid() || !ReportedLeaving.insert({F.Object, F.LeavesAt}).second)
    return;
  diag(F.LeavesAt, "'%0' may be in state '%1' when '%2' returns, but its "
                   "parameter annotation says it leaves in '%3'")
      << F.Object->getNameAsString() << Model.describe(F.Offending)
      << (F.Function ? F.Function->getNameAsString() : "")
      << Model.describe(F.Required);
  noteProducer(F, Model);
  notePath(F);
}

void TypestateCheck::reportReturned(const TypestateFinding &F,
                                    const TypestateModel &Model) {
  if (!Reported.insert(F.At->getExprLoc()).second)
    return;
  diag(F.At->getExprLoc(),
       "'%0' may be in state '%1' where it is returned, but '%2' returns in '%3'")
      << F.Object->getNameAsString() << Model.describe(F.Offending)
      << (F.Function ? F.Function->getNameAsString() : "")
      << Model.describe(F.Required);
  noteProducer(F, Model);
}

void TypestateCheck::reportConsumed(const TypestateFinding &F,
                                    const TypestateModel &Model) {
  if (!Reported.insert(F.At->getExprLoc()).second)
    return;
  const std::string Object = F.Object->getNameAsString();
  const auto *Consuming = dyn_cast_or_null<CallExpr>(F.Producer);
  const auto *Consumer =
      Consuming ? dyn_cast_or_null<CXXMethodDecl>(Consuming->getDirectCallee()) : nullptr;
  const std::string ConsumerName = Consumer ? Consumer->getNameAsString() : "";
  if (Model.kind() == TypestateModel::Kind::TemplatePattern) {
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
  if (Model.kind() == TypestateModel::Kind::TemplatePattern && Consumer &&
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
  Annotations.finish([this](SourceLocation Where, const std::string &Message) {
    diag(Where, "%0") << Message;
  });
  Reported.clear();
  ReportedLeaving.clear();
  SuggestedRvalueQualifier.clear();
  restoreTraversalScopes();
}

} // namespace clang::tidy::fearless
