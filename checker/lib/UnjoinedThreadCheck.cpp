//===--- UnjoinedThreadCheck.cpp - fearless-unjoined-thread ---------------===//

#include "UnjoinedThreadCheck.h"
#include "fearless/checker/AnalysedCode.h"
#include "fearless/checker/Parents.h"

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
  DynTypedNodeList Parents = parentsOf(Context, Var);
  if (Parents.empty())
    return false;
  DynTypedNodeList Grand = parentsOf(Context, Parents[0]);
  return !Grand.empty() && Grand[0].get<CompoundStmt>() == Block;
}

} // namespace

UnjoinedThreadCheck::UnjoinedThreadCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SystemHeaders(analysesSystemHeaders(*Context)),
      CheckExceptionalPaths(Options.get("CheckExceptionalPaths", false)) {}

void UnjoinedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CheckExceptionalPaths", CheckExceptionalPaths);
}

void UnjoinedThreadCheck::registerMatchers(MatchFinder *Finder) {
  registerFunctionBodyMatchers(*Finder, *this, SystemHeaders);
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
    // The thread findings are about variables (a structured binding or a
    // reference parameter is never destroyed here).
    const auto *Var = dyn_cast<VarDecl>(F.Object);
    if (!Var)
      continue;
    const std::string Name = Var->getNameAsString();
    switch (F.What) {
    case TypestateFinding::JoinableAtEnd: {
      // One warning per thread, with a note at every path that leaves it
      // joinable.
      if (!Reported.insert(Var).second)
        break;
      // "at the end of 'compute'" when the thread lives in the function's
      // outermost block, else "at the end of its scope".
      const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      const bool InLambda = Method && Method->getParent()->isLambda();
      const bool InFunctionScope =
          !InLambda && Function->getDeclName().isIdentifier() &&
          declaredInBlock(*Var, FunctionBody, *Result.Context);
      diag(Var->getLocation(),
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
      // One warning per thread, at the first place that may throw, with the
      // others as notes (a few of them).
      if (!ReportedAt.insert(F.At->getExprLoc()).second ||
          !ReportedThrowFor.insert(Var).second)
        break;
      llvm::SmallVector<const Stmt *, 4> Others;
      for (const TypestateFinding &More : Findings)
        if (More.What == TypestateFinding::JoinableAtThrow &&
            More.Object == F.Object && More.At != F.At &&
            ReportedAt.insert(More.At->getExprLoc()).second)
          Others.push_back(More.At);
      const unsigned OtherCount = Others.size();
      if (isa<CXXThrowExpr>(F.At)) {
        diag(F.At->getExprLoc(), "'%0' may still be joinable when this throws"
                                 "%select{|, or when %2 other place%s2 throw%s2}1"
                                 " (std::terminate during unwinding)")
            << Name << (OtherCount > 0) << OtherCount;
      } else {
        const auto *Call = cast<CallExpr>(F.At);
        const FunctionDecl *Callee = Call->getDirectCallee();
        diag(F.At->getExprLoc(), "'%0' may still be joinable if '%1' throws"
                                 "%select{|, or if one of %3 other call%s3 "
                                 "throws}2 (std::terminate during unwinding)")
            << Name << (Callee ? Callee->getNameAsString() : "the call")
            << (OtherCount > 0) << OtherCount;
      }
      constexpr unsigned MaxNotes = 3;
      for (unsigned I = 0; I < OtherCount && I < MaxNotes; ++I)
        diag(Others[I]->getBeginLoc(), "this may also throw while '%0' is joinable",
             DiagnosticIDs::Note)
            << Name;
      if (OtherCount > MaxNotes)
        diag(Others[MaxNotes]->getBeginLoc(),
             "%0 more place%s0 may also throw, the first here",
             DiagnosticIDs::Note)
            << (OtherCount - MaxNotes);
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
  ReportedThrowFor.clear();
  restoreTraversalScopes();
}

} // namespace clang::tidy::fearless
