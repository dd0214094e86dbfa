//===--- DetachedThreadCheck.cpp - fearless-detached-thread ---------------===//

#include "DetachedThreadCheck.h"
#include "fearless/checker/AnalysedCode.h"
#include "fearless/checker/LLVMCompat.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/StatementContext.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

namespace {

AST_MATCHER(CXXRecordDecl, isStdThreadClass) {
  return isStdThreadType(compat::typeOfRecord(Node));
}

/// How the diagnostic names the thread: the handle's source text when it is
/// short and written out (`t`, `workers[i]`, `self->worker_`), else nothing
/// (an implicit `this`, a temporary, a long expression, a macro's own text).
std::string handleName(const Expr &Handle, const ASTContext &Context) {
  const Expr *E = Handle.IgnoreParenImpCasts();
  if (const auto *Construct =
          dyn_cast<CXXConstructExpr>(stripValuePreservingWrappers(E));
      Construct && isThreadLaunchingConstruction(*Construct))
    return "";
  if (isa<CXXThisExpr>(E) && cast<CXXThisExpr>(E)->isImplicit())
    return "";
  // `up->detach()` on a smart pointer: name the pointer, not `up->`.
  if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(E);
      Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() == 1)
    E = Arrow->getArg(0)->IgnoreParenImpCasts();
  // A handle written as a macro argument is named by its spelling in the
  // file; one produced by the macro body itself has no name to show.
  const CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()),
      Context.getSourceManager(), Context.getLangOpts());
  if (Range.isInvalid())
    return "";
  const StringRef Text = Lexer::getSourceText(
      Range, Context.getSourceManager(), Context.getLangOpts());
  constexpr size_t MaxNameLength = 40;
  if (Text.empty() || Text.size() > MaxNameLength || Text.contains('\n'))
    return "";
  return Text.str();
}

} // namespace

DetachedThreadCheck::DetachedThreadCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SystemHeaders(analysesSystemHeaders(*Context)),
      AllowedFunctionsOption(Options.get("AllowedFunctions", "").str()),
      AllowedFunctions(AllowedFunctionsOption) {
  for (const FunctionNameFilter::InvalidPattern &Bad :
       AllowedFunctions.invalidPatterns())
    configurationDiag("invalid regular expression '%0' in option "
                      "'%1.AllowedFunctions': %2; the pattern is ignored")
        << Bad.Pattern << Name << Bad.Error;
}

void DetachedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AllowedFunctions", AllowedFunctionsOption);
}

void DetachedThreadCheck::registerMatchers(MatchFinder *Finder) {
  // Any call that resolves to the standard detach, through an object, a
  // pointer, a smart pointer or a derived class.
  Finder->addMatcher(
      cxxMemberCallExpr(isAnalysedCode(SystemHeaders),
                        callee(cxxMethodDecl(hasName("detach"),
                                             ofClass(isStdThreadClass()))))
          .bind("member"),
      this);
  Finder->addMatcher(callExpr(isAnalysedCode(SystemHeaders),
                              callee(functionDecl(hasName("::pthread_detach"))),
                              argumentCountIs(1))
                         .bind("pthread"),
                     this);
}

void DetachedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  const CallExpr *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("member");
  const Expr *Handle = nullptr;
  bool IsPthread = false;
  if (Call) {
    Handle = cast<CXXMemberCallExpr>(Call)->getImplicitObjectArgument();
  } else {
    Call = Result.Nodes.getNodeAs<CallExpr>("pthread");
    Handle = Call->getArg(0);
    IsPthread = true;
  }
  if (!Handle || isInUnevaluatedContext(*Call, Context) ||
      isInFunctionWithCompileErrors(*Call, Context))
    return;
  if (AllowedFunctions.matchesAnyEnclosingFunction(*Call, Context))
    return;
  // A call in a template is matched in the template and in each
  // instantiation: report it once, with the notes of the first.
  if (!Reported.insert(Call->getExprLoc()).second)
    return;

  const std::string Name = handleName(*Handle, Context);
  diag(Call->getExprLoc(),
       "%select{thread|thread '%1'}0 is detached%select{| by pthread_detach}2 "
       "and can never be joined; it may outlive the data it uses")
      << !Name.empty() << Name << IsPthread << Call->getSourceRange();

  const FunctionCFG *Body = nullptr;
  llvm::SmallVector<const FunctionDecl *, 2> Functions =
      enclosingFunctions(*Call, Context);
  if (!Functions.empty())
    Body = CFGs.get(*Functions.front(), Context);
  // Only a caret: a launch's range spans the whole lambda body.
  for (const Expr *Origin : findThreadOrigins(*Handle, *Call, Body))
    diag(Origin->getExprLoc(), "the thread was started here",
         DiagnosticIDs::Note);
}

void DetachedThreadCheck::onEndOfTranslationUnit() {
  CFGs.clear();
  Reported.clear();
  restoreTraversalScopes();
}

} // namespace clang::tidy::fearless
