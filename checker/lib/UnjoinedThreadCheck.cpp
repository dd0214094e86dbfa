//===--- UnjoinedThreadCheck.cpp - fearless-unjoined-thread ---------------===//

#include "UnjoinedThreadCheck.h"

#include "fearless/checker/FunctionBodyMatcher.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

namespace {

/// True when \p Var is declared directly in \p Block (or is a parameter).
bool declaredInBlock(const VarDecl &Var, const CompoundStmt *Block,
                     ASTContext &Context) {
  if (isa<ParmVarDecl>(Var))
    return true;
  DynTypedNodeList Parents = Context.getParents(Var);
  if (Parents.empty())
    return false;
  DynTypedNodeList Grand = Context.getParents(Parents[0]);
  return !Grand.empty() && Grand[0].get<CompoundStmt>() == Block;
}

} // namespace

UnjoinedThreadCheck::UnjoinedThreadCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CheckExceptionalPaths(Options.get("CheckExceptionalPaths", false)) {}

void UnjoinedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CheckExceptionalPaths", CheckExceptionalPaths);
}

void UnjoinedThreadCheck::registerMatchers(MatchFinder *Finder) {
  registerFunctionBodyMatchers(*Finder, *this);
}

void UnjoinedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  TypestateOptions Options;
  Options.ExceptionalPaths = CheckExceptionalPaths;
  const std::vector<TypestateFinding> Findings =
      analyzeMatchedFunction(Result, Options);
  if (Findings.empty())
    return;
  const FunctionDecl *Function = matchedFunctionBody(Result);
  const auto *FunctionBody = dyn_cast<CompoundStmt>(Function->getBody());

  for (const TypestateFinding &F : Findings) {
    const std::string Name = F.Object->getNameAsString();
    switch (F.What) {
    case TypestateFinding::JoinableAtEnd: {
      // One warning per thread, with a note at every path that leaves it
      // joinable.
      if (!Reported.insert(F.Object).second)
        break;
      // "at the end of 'compute'" when the thread lives in the function's
      // outermost block, else "at the end of its scope".
      const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      const bool InLambda = Method && Method->getParent()->isLambda();
      const bool InFunctionScope =
          !InLambda && Function->getDeclName().isIdentifier() &&
          declaredInBlock(*F.Object, FunctionBody, *Result.Context);
      diag(F.Object->getLocation(),
           "'%0' may still be joinable when it is destroyed at the end of "
           "%select{its scope|'%2'}1 (std::terminate)")
          << Name << InFunctionScope << Function->getNameAsString();
      for (const TypestateFinding &Path : Findings)
        if (Path.What == TypestateFinding::JoinableAtEnd &&
            Path.Object == F.Object && Path.LeavesAt.isValid())
          diag(Path.LeavesAt, "'%0' is destroyed here while it may be joinable",
               DiagnosticIDs::Note)
              << Name;
      if (F.Producer)
        diag(F.Producer->getBeginLoc(), "'%0' starts a thread here",
             DiagnosticIDs::Note)
            << Name;
      break;
    }
    case TypestateFinding::JoinableAtAssign:
      if (!ReportedAt.insert(F.At->getExprLoc()).second)
        break;
      diag(F.At->getExprLoc(), "'%0' may still be joinable when it is assigned "
                               "a new thread (std::terminate)")
          << Name;
      if (F.Producer)
        diag(F.Producer->getBeginLoc(), "'%0' starts a thread here",
             DiagnosticIDs::Note)
            << Name;
      break;
    case TypestateFinding::JoinableAtThrow: {
      if (!ReportedAt.insert(F.At->getExprLoc()).second)
        break;
      if (isa<CXXThrowExpr>(F.At)) {
        diag(F.At->getExprLoc(), "'%0' may still be joinable when this throws "
                                 "(std::terminate during unwinding)")
            << Name;
        break;
      }
      const auto *Call = cast<CallExpr>(F.At);
      const FunctionDecl *Callee = Call->getDirectCallee();
      diag(F.At->getExprLoc(), "'%0' may still be joinable if '%1' throws "
                               "(std::terminate during unwinding)")
          << Name << (Callee ? Callee->getNameAsString() : "the call");
      break;
    }
    default:
      break;
    }
  }
}

void UnjoinedThreadCheck::onEndOfTranslationUnit() {
  Reported.clear();
  ReportedAt.clear();
}

} // namespace clang::tidy::fearless
