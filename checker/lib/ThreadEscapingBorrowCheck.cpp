//===--- ThreadEscapingBorrowCheck.cpp - fearless-thread-escaping-borrow --===//

#include "ThreadEscapingBorrowCheck.h"
#include "fearless/checker/AnalysedCode.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/LaunchMatcher.h"
#include "fearless/checker/MessageBorrows.h"
#include "fearless/checker/StatementContext.h"
#include "fearless/checker/ThreadLifetime.h"
#include "fearless/checker/ThreadOwners.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

namespace {

/// How the diagnostic names what runs: "thread", "std::async task"...
std::string runnerName(const Launch &L) {
  switch (L.Kind) {
  case LaunchKind::Async:
    return "std::async task";
  case LaunchKind::ScopeSpawn:
    return "scoped thread";
  case LaunchKind::EscapingCall:
    if (const auto *Call = dyn_cast<CallExpr>(L.Site))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        return "callable passed to '" + Callee->getQualifiedNameAsString() + "'";
    return "callable";
  default:
    return "thread";
  }
}

/// The ordinary pattern of a class owning its worker: the thread borrows only
/// `*this` and is kept in a member of that same object (joined, as a rule, in
/// the destructor).
bool isOwnWorkerOfThisObject(const LifetimeVerdict &Verdict) {
  if (Verdict.Escapes.empty())
    return false;
  for (const Borrow *B : Verdict.Outlived)
    if (B->Kind != BorrowKind::This)
      return false;
  for (const Escape &E : Verdict.Escapes)
    if (E.What != Escape::StoredInMember || !E.IntoThisObject)
      return false;
  return true;
}

/// One finding per defect: a std::thread destroyed while joinable calls
/// std::terminate before anything it borrows can dangle, and
/// fearless-unjoined-thread reports that path.
bool terminatesBeforeEscaping(const Launch &L, const LifetimeVerdict &Verdict) {
  return L.Kind == LaunchKind::StdThread && !Verdict.Escapes.empty() &&
         llvm::all_of(Verdict.Escapes, [](const Escape &E) {
           return E.What == Escape::NotJoined;
         });
}

/// A thread kept in a member of `*this` that the class's destructor joins:
/// the object is a scoped owner, like a std::jthread, and what the thread
/// borrows from the function's caller (a reference parameter) is that
/// caller's to keep alive longer than the object. The function's own locals
/// and by-value parameters still die first.
bool storedInScopedOwner(const FunctionDecl &Function,
                         const LifetimeVerdict &Verdict) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&Function);
  if (!Method || Verdict.Escapes.empty() ||
      llvm::any_of(Verdict.Outlived, [](const Borrow *B) {
        return B->Owner != BorrowOwner::Caller;
      }))
    return false;
  return llvm::all_of(Verdict.Escapes, [&](const Escape &E) {
    return E.What == Escape::StoredInMember && E.IntoThisObject && E.Member &&
           destructorJoins(*Method->getParent(), *E.Member);
  });
}

/// A thread returned to the caller that borrows only what the caller gave
/// it (reference parameters, `*this`): the caller now holds the thread and
/// the duty to join it before those objects die, as with a std::thread it
/// started itself (fearless-unjoined-thread follows returned threads).
bool returnedToTheOwner(const LifetimeVerdict &Verdict) {
  return !Verdict.Escapes.empty() &&
         llvm::all_of(Verdict.Escapes,
                      [](const Escape &E) { return E.What == Escape::Returned; }) &&
         llvm::all_of(Verdict.Outlived, [](const Borrow *B) {
           return B->Owner == BorrowOwner::Caller;
         });
}

} // namespace

ThreadEscapingBorrowCheck::ThreadEscapingBorrowCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SystemHeaders(analysesSystemHeaders(*Context)),
      StrictMode(Options.get("StrictMode", false)),
      EscapingFunctionsOption(Options.get("EscapingFunctions", "").str()),
      EscapingFunctions(EscapingFunctionsOption) {
  for (const FunctionNameFilter::InvalidPattern &Bad :
       EscapingFunctions.invalidPatterns())
    configurationDiag("invalid regular expression '%0' in option "
                      "'%1.EscapingFunctions': %2; the pattern is ignored")
        << Bad.Pattern << Name << Bad.Error;
  Launches.EscapingFunctions = &EscapingFunctions;
  Launches.Wrappers = &Wrappers;
}

void ThreadEscapingBorrowCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "StrictMode", StrictMode);
  Options.store(Opts, "EscapingFunctions", EscapingFunctionsOption);
}

void ThreadEscapingBorrowCheck::registerMatchers(MatchFinder *Finder) {
  registerLaunchMatchers(*Finder, *this, SystemHeaders, Launches);
}

void ThreadEscapingBorrowCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Site = Result.Nodes.getNodeAs<Expr>("launch");
  for (const Launch &L : describeLaunches(*Site, *Result.Context, Launches))
    checkLaunch(L, *Result.Context);
}

void ThreadEscapingBorrowCheck::checkLaunch(const Launch &L,
                                            ASTContext &Context) {
  if (isInUnevaluatedContext(*L.Site, Context))
    return; // code never evaluated starts nothing
  llvm::SmallVector<const FunctionDecl *, 2> Functions =
      enclosingFunctions(*L.Site, Context);
  if (Functions.empty() || hasCompileErrors(*Functions.back()))
    return;
  const FunctionDecl &Function = *Functions.front();
  llvm::SmallVector<Borrow, 4> Borrows = findBorrows(L, Function);
  // What the thread receives through a channel it borrows too.
  for (const Borrow &Lent : findMessageBorrows(L, Function))
    if (llvm::none_of(Borrows,
                      [&](const Borrow &B) { return B.Object == Lent.Object; }))
      Borrows.push_back(Lent);
  // A scoped thread is joined when fearless::scope(...) returns, after the
  // body: what the caller of the spawning function owns (declared outside
  // the scope's body, `*this`) outlives it; the spawning function's own
  // locals and by-value parameters die first, unless the handle is joined.
  const bool Scoped = L.Kind == LaunchKind::ScopeSpawn;
  if (Scoped)
    llvm::erase_if(Borrows, [](const Borrow &B) {
      return B.Owner != BorrowOwner::Local;
    });
  if (Borrows.empty())
    return;
  const bool StrictKind =
      L.Kind == LaunchKind::StdThread || L.Kind == LaunchKind::StdJThread ||
      L.Kind == LaunchKind::Async || L.Kind == LaunchKind::PthreadCreate;
  if (StrictMode && StrictKind) {
    if (Reported.insert(reportKey(L)).second)
      reportStrict(L, Borrows);
    return;
  }
  const FunctionCFG *Body = CFGs.get(Function, Context);
  if (!Body)
    return;
  const LifetimeVerdict Verdict = analyzeThreadLifetime(L, Borrows, *Body);
  if (Verdict.Outlived.empty() || isOwnWorkerOfThisObject(Verdict) ||
      terminatesBeforeEscaping(L, Verdict) ||
      storedInScopedOwner(Function, Verdict) ||
      returnedToTheOwner(Verdict))
    return;
  // A launch in a template is matched in the template and in each
  // instantiation: report it once.
  if (!Reported.insert(reportKey(L)).second)
    return;

  const Borrow &First = *Verdict.Outlived.front();
  const unsigned Others = Verdict.Outlived.size() - 1;
  diag(L.Site->getExprLoc(),
       "%0 may outlive '%1', which it borrows %2%select{|, and %4 other "
       "borrowed object%s4}3")
      << runnerName(L) << borrowedName(First) << borrowDescription(First)
      << (Others > 0) << Others;
  for (const Borrow *B : Verdict.Outlived)
    diag(B->Location, "'%0' is borrowed %1 here", DiagnosticIDs::Note)
        << borrowedName(*B) << borrowDescription(*B);
  for (const Escape &E : Verdict.Escapes)
    if (E.Location.isValid())
      diag(E.Location, escapeDescription(E), DiagnosticIDs::Note);
  if (Verdict.Escapes.empty() && Verdict.DiesAt.isValid()) {
    // Where the first outlived object dies: the end of a local's scope, the
    // return that destroys a by-value parameter, or the return after which
    // the caller's object is on its own.
    const bool LocalVariable = First.Owner == BorrowOwner::Local &&
                               First.Object && !isa<ParmVarDecl>(First.Object);
    const bool ByValueParameter = First.Owner == BorrowOwner::Local &&
                                  isa_and_nonnull<ParmVarDecl>(First.Object);
    diag(Verdict.DiesAt,
         Scoped ? "'%0' %select{goes out of scope|is destroyed}1 here, but "
                  "the scope joins the thread only after its body returns; "
                  "join the thread's handle before this point, or declare "
                  "'%0' outside the scope"
         : LocalVariable
             ? "'%0' goes out of scope here while the thread may still be "
               "running"
         : ByValueParameter
             ? "'%0' is destroyed when the function returns here, while the "
               "thread may still be running"
             : "the function returns here while the thread may still be "
               "running, and '%0' belongs to the caller",
         DiagnosticIDs::Note)
        << borrowedName(First) << ByValueParameter;
  }
}

void ThreadEscapingBorrowCheck::reportStrict(const Launch &L,
                                             llvm::ArrayRef<Borrow> Borrows) {
  const Borrow &First = Borrows.front();
  const unsigned Others = Borrows.size() - 1;
  diag(L.Site->getExprLoc(),
       "%0 borrows '%1' %2%select{|, and %4 other object%s4}3; only threads "
       "spawned in a fearless::scope may borrow (StrictMode)")
      << runnerName(L) << borrowedName(First) << borrowDescription(First)
      << (Others > 0) << Others;
  for (const Borrow &B : Borrows)
    diag(B.Location, "'%0' is borrowed %1 here", DiagnosticIDs::Note)
        << borrowedName(B) << borrowDescription(B);
}

SourceLocation ThreadEscapingBorrowCheck::reportKey(const Launch &L) {
  // One call may start several launches (an escaping call with two
  // callables): the callable tells them apart.
  return L.Callable ? L.Callable->getBeginLoc() : L.Site->getExprLoc();
}

void ThreadEscapingBorrowCheck::onEndOfTranslationUnit() {
  Wrappers.clear();
  CFGs.clear();
  Reported.clear();
  restoreTraversalScopes();
}

} // namespace clang::tidy::fearless
