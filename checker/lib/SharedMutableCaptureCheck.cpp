//===--- SharedMutableCaptureCheck.cpp - fearless-shared-mutable-capture --===//

#include "SharedMutableCaptureCheck.h"
#include "fearless/checker/AnalysedCode.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/FunctionCFG.h"
#include "fearless/checker/LaunchMatcher.h"
#include "fearless/checker/StatementContext.h"
#include "fearless/checker/ThreadLifetime.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <memory>
#include <tuple>
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

namespace {

/// How messages name what runs concurrently.
llvm::StringRef runnerNoun(const Launch &L) {
  switch (L.Kind) {
  case LaunchKind::Async:
    return "std::async task";
  case LaunchKind::ScopeSpawn:
    return "scoped thread";
  case LaunchKind::ParallelAlgorithm:
  case LaunchKind::ConcurrentCall:
  case LaunchKind::ParallelIterator:
  case LaunchKind::ParallelJoin:
  case LaunchKind::EscapingCall:
    return "callable";
  default:
    return "thread";
  }
}

/// How the warning names what is written: the object, and the members on
/// the way when a called function writes them (`svr.requests_`).
/// How a diagnostic names a shared object: its name, or `[a, b]` for the
/// object that structured bindings decompose.
std::string objectName(const ValueDecl &Object) {
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  Object.printName(OS);
  return Name;
}

std::string accessedName(const SharedObjectAccess &A) {
  // Through a structured binding: the binding's name.
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(A.Where);
  std::string Name = Ref && isa<BindingDecl>(Ref->getDecl())
                         ? Ref->getDecl()->getNameAsString()
                         : objectName(*A.Object);
  if (A.Via)
    for (const FieldDecl *Field : A.FieldPath)
      Name += (A.Pointee && Field == A.FieldPath.front() ? "->" : ".") +
              Field->getNameAsString();
  return Name;
}

} // namespace

/// One race to report: a write, and the access it conflicts with.
struct SharedMutableCaptureCheck::Race {
  enum Kind {
    SameLaunch,
    OtherLaunch,
    LaunchingFunctionReads,
    LaunchingFunctionWrites,
    PublicMethodReads,  ///< the thread writes, a public method accesses
    PublicMethodWrites, ///< a public method writes, the thread accesses
  } What;
  const ValueDecl *Object;
  const Launch *Writer = nullptr;    ///< the launch of the write (or of the
                                     ///< reader, for LaunchingFunctionWrites)
  const Launch *Other = nullptr;     ///< OtherLaunch: the other launch
  const SharedObjectAccess *Write;   ///< the write reported
  const SharedObjectAccess *Access;  ///< the conflicting access, if distinct
  SourceLocation SharedAt;           ///< where the object is handed over
  SourceLocation JoinedAt;           ///< LaunchingFunctionReads: the join
};

SharedMutableCaptureCheck::SharedMutableCaptureCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SystemHeaders(analysesSystemHeaders(*Context)),
      ConcurrentFunctionsOption(Options.get("ConcurrentFunctions", "").str()),
      SynchronizedTypesOption(Options.get("SynchronizedTypes", "").str()),
      ConcurrentFunctions(ConcurrentFunctionsOption),
      SynchronizedTypes(SynchronizedTypesOption) {
  for (const auto &[Option, Filter] :
       {std::pair<StringRef, const FunctionNameFilter *>{"ConcurrentFunctions",
                                                         &ConcurrentFunctions},
        {"SynchronizedTypes", &SynchronizedTypes}})
    for (const FunctionNameFilter::InvalidPattern &Bad : Filter->invalidPatterns())
      configurationDiag("invalid regular expression '%0' in option "
                        "'%1.%2': %3; the pattern is ignored")
          << Bad.Pattern << Name << Option << Bad.Error;
  Launches.ConcurrentFunctions = &ConcurrentFunctions;
  Launches.Wrappers = &Wrappers;
}

void SharedMutableCaptureCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ConcurrentFunctions", ConcurrentFunctionsOption);
  Options.store(Opts, "SynchronizedTypes", SynchronizedTypesOption);
}

void SharedMutableCaptureCheck::registerMatchers(MatchFinder *Finder) {
  registerLaunchMatchers(*Finder, *this, SystemHeaders, Launches);
}

void SharedMutableCaptureCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Site = Result.Nodes.getNodeAs<Expr>("launch");
  llvm::SmallVector<const FunctionDecl *, 2> Functions =
      enclosingFunctions(*Site, *Result.Context);
  // Every launch of a function is analysed together, once.
  if (!Functions.empty() && Analyzed.insert(Functions.front()).second &&
      !hasCompileErrors(*Functions.back()))
    analyzeFunction(*Functions.front(), *Result.Context);
}

void SharedMutableCaptureCheck::analyzeFunction(const FunctionDecl &Function,
                                                ASTContext &Context) {
  const Stmt *Body = Function.getBody();
  if (!Body)
    return;
  llvm::SmallVector<Launch, 4> All = findLaunches(*Body, Context, Launches);
  llvm::erase_if(All, [&Context](const Launch &L) {
    return isInUnevaluatedContext(*L.Site, Context);
  });
  if (All.empty())
    return;
  std::unique_ptr<FunctionCFG> Graph = FunctionCFG::build(Function, Context);
  if (!Graph)
    return;

  struct LaunchFacts {
    const Launch *L;
    CallableAccesses Accesses;
    std::unique_ptr<ThreadTimeline> Timeline;
  };
  if (!Summaries)
    Summaries = std::make_unique<SummaryCache>(Context, &SynchronizedTypes);
  std::vector<LaunchFacts> Contexts;
  llvm::SmallVector<std::tuple<const ValueDecl *, const Expr *, const Expr *>, 4>
      ReportedPairs;
  llvm::SmallVector<const ValueDecl *, 8> Objects;
  for (const Launch &L : All) {
    LaunchFacts C{&L, findCallableAccesses(L, Function, Context, &SynchronizedTypes,
                                         *Summaries),
               std::make_unique<ThreadTimeline>(L, *Graph)};
    for (const SharedObjectAccess &A : C.Accesses.Accesses)
      if (!llvm::is_contained(Objects, A.Object))
        Objects.push_back(A.Object);
    Contexts.push_back(std::move(C));
  }
  const llvm::SmallVector<SharedObjectAccess, 8> Parent =
      findFunctionAccesses(Function, Objects, All, Context, *Summaries,
                           [&Contexts](const Expr &E) {
                             return llvm::any_of(
                                 Contexts, [&E](const LaunchFacts &C) {
                                   return C.Timeline->mayRunAt(E);
                                 });
                           });
  // A thread started on `this` that nothing in this function finishes: the
  // object's owner goes on using it while the thread runs.
  auto outlivesLaunchingFunction = [](const LaunchFacts &C) {
    return ((C.L->Kind == LaunchKind::StdThread ||
             C.L->Kind == LaunchKind::StdJThread ||
             C.L->Kind == LaunchKind::PthreadCreate) &&
            !C.L->FinishedOnReturn && C.Timeline->finishedAt().isInvalid() &&
            llvm::any_of(C.Accesses.Accesses, [](const SharedObjectAccess &A) {
              return isa<FieldDecl>(A.Object);
            }));
  };
  llvm::SmallVector<SharedObjectAccess, 8> PublicAccesses;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&Function);
      Method && llvm::any_of(Contexts, outlivesLaunchingFunction))
    PublicAccesses = findPublicMethodAccesses(*Method, Objects, *Summaries,
                                              &SynchronizedTypes);

  auto AccessesTo = [](const CallableAccesses &CA, const ValueDecl *Object) {
    llvm::SmallVector<const SharedObjectAccess *, 4> Out;
    for (const SharedObjectAccess &A : CA.Accesses)
      if (A.Object == Object)
        Out.push_back(&A);
    return Out;
  };
  auto Conflict = [](const SharedObjectAccess &W, const SharedObjectAccess &A,
                     bool SameCallable) {
    if (SameCallable && W.Disjoint && A.Disjoint)
      return false;
    if (W.AfterWait || A.AfterWait)
      return false; // ordered by a hand-off the check does not model
    if (bothPublishedThroughAtomics(W, A))
      return false; // a lock-free structure's own operations
    return !shareALock(W, A) && !touchDifferentParts(W, A);
  };

  for (const LaunchFacts &C : Contexts) {
    for (const ValueDecl *Object : Objects) {
      const auto Mine = AccessesTo(C.Accesses, Object);
      if (Mine.empty())
        continue;
      llvm::SmallVector<const SharedObjectAccess *, 4> Writes;
      for (const SharedObjectAccess *A : Mine)
        if (A->IsWrite)
          Writes.push_back(A);
      const SourceLocation SharedAt = C.Accesses.SharedAt.lookup(Object);
      std::optional<Race> Found;

      // Another run of the same callable.
      if (!Writes.empty() &&
          (C.L->ManyInstances || C.Timeline->previousRunMayOverlap()) &&
          !llvm::is_contained(C.Accesses.PerRun, Object))
        for (const SharedObjectAccess *W : Writes) {
          for (const SharedObjectAccess *A : Mine)
            if (Conflict(*W, *A, /*SameCallable=*/true)) {
              Found = Race{Race::SameLaunch, Object, C.L, nullptr, W,
                           A == W ? nullptr : A, SharedAt, {}};
              break;
            }
          if (Found)
            break;
        }

      // Another launch whose run overlaps this one.
      for (const LaunchFacts &Other : Contexts) {
        if (Found || Writes.empty())
          break;
        if (&Other == &C)
          continue;
        // Two callables of one call (fearless::join(a, b)) run together.
        const bool SameCall = C.L->Site == Other.L->Site &&
                              C.L->Kind == LaunchKind::ParallelJoin;
        if (!SameCall && !C.Timeline->mayRunAt(*Other.L->Site) &&
            !Other.Timeline->mayRunAt(*C.L->Site))
          continue;
        // One report for a pair of launches that race on one object.
        const auto Pair = std::make_tuple(
            Object, std::min(C.L->Site, Other.L->Site),
            std::max(C.L->Site, Other.L->Site));
        if (llvm::is_contained(ReportedPairs, Pair))
          continue;
        for (const SharedObjectAccess *A : AccessesTo(Other.Accesses, Object))
          for (const SharedObjectAccess *W : Writes)
            if (!Found && Conflict(*W, *A, false))
              Found = Race{Race::OtherLaunch, Object, C.L, Other.L, W, A,
                           SharedAt, {}};
        if (Found)
          ReportedPairs.push_back(Pair);
      }

      // The launching function, while the thread may run.
      for (const SharedObjectAccess &P : Parent) {
        if (Found)
          break;
        if (P.Object != Object || !C.Timeline->mayRunAt(*P.Where))
          continue;
        // The function waited (a latch, a future, a spin) after this launch
        // and before the access: a hand-off the check does not model.
        if (P.WaitBefore.isValid() &&
            Context.getSourceManager().isBeforeInTranslationUnit(
                C.L->Site->getBeginLoc(), P.WaitBefore))
          continue;
        // This iteration's element, before this iteration's launch: the
        // earlier runs each own another element.
        if (isBeforeThisIterationsLaunch(P, *C.L, Context) &&
            llvm::all_of(Mine, [](const SharedObjectAccess *A) {
              return A->Disjoint;
            }))
          continue;
        if (!Writes.empty()) {
          for (const SharedObjectAccess *W : Writes)
            if (!Found && Conflict(*W, P, false))
              Found = Race{Race::LaunchingFunctionReads, Object, C.L, nullptr,
                           W, &P, SharedAt, C.Timeline->finishedAt()};
        } else if (P.IsWrite) {
          for (const SharedObjectAccess *A : Mine)
            if (!Found && Conflict(P, *A, false))
              Found = Race{Race::LaunchingFunctionWrites, Object, C.L, nullptr,
                           &P, A, SharedAt, {}};
        }
      }
      // The class's public functions, which its users may call while a
      // thread started on `this` runs on after this function returns.
      if (!Found && outlivesLaunchingFunction(C))
        for (const SharedObjectAccess &M : PublicAccesses) {
          if (Found)
            break;
          if (M.Object != Object)
            continue;
          if (!Writes.empty()) {
            for (const SharedObjectAccess *W : Writes)
              if (!Found && Conflict(*W, M, false))
                Found = Race{Race::PublicMethodReads, Object, C.L, nullptr, W,
                             &M, SharedAt, {}};
          } else if (M.IsWrite) {
            for (const SharedObjectAccess *A : Mine)
              if (!Found && Conflict(M, *A, false))
                Found = Race{Race::PublicMethodWrites, Object, C.L, nullptr,
                             &M, A, SharedAt, {}};
          }
        }
      if (Found)
        report(*Found, Context);
    }
  }
}

void SharedMutableCaptureCheck::report(const Race &R, ASTContext &Context) {
  const SourceLocation WriteAt = R.Write->Where->getExprLoc();
  if (!Reported.insert(WriteAt).second)
    return;
  const SourceManager &SM = Context.getSourceManager();
  auto Line = [&SM](SourceLocation Loc) {
    return SM.getExpansionLineNumber(Loc);
  };
  const std::string Name = objectName(*R.Object);
  const std::string Subject = accessedName(*R.Write);
  const llvm::StringRef Noun = runnerNoun(*R.Writer);
  const unsigned StartedAt = Line(R.Writer->Site->getBeginLoc());
  switch (R.What) {
  case Race::SameLaunch:
    diag(WriteAt, "'%0' is written by a %1 started at line %2 while another "
                  "instance of the same %1 may access it")
        << Subject << Noun << StartedAt;
    break;
  case Race::OtherLaunch:
    diag(WriteAt, "'%0' is written by a %1 started at line %2 while the %3 "
                  "started at line %4 may access it")
        << Subject << Noun << StartedAt << runnerNoun(*R.Other)
        << Line(R.Other->Site->getBeginLoc());
    break;
  case Race::LaunchingFunctionReads:
    diag(WriteAt, "'%0' is written by a %1 started at line %2 while this "
                  "function may access it%select{| before joining it at line "
                  "%4}3")
        << Subject << Noun << StartedAt << R.JoinedAt.isValid()
        << (R.JoinedAt.isValid() ? Line(R.JoinedAt) : 0);
    break;
  case Race::PublicMethodReads:
    diag(WriteAt, "'%0' is written by a %1 started at line %2 while the public "
                  "member function '%3' may access it")
        << Subject << Noun << StartedAt << R.Access->Via->getNameAsString();
    break;
  case Race::PublicMethodWrites:
    diag(WriteAt, "'%0' is written by the public member function '%1' while "
                  "the %2 started at line %3 may access it")
        << Subject << R.Write->Via->getNameAsString() << Noun << StartedAt;
    break;
  case Race::LaunchingFunctionWrites:
    diag(WriteAt, "'%0' is written by this function while the %1 started at "
                  "line %2 may access it")
        << Subject << Noun << StartedAt;
    break;
  }
  if (R.SharedAt.isValid())
    diag(R.SharedAt, "'%0' is shared with the %1 here", DiagnosticIDs::Note)
        << Name << Noun;
  if (R.Access && R.Access->Where->getExprLoc() != WriteAt)
    diag(R.Access->Where->getExprLoc(), "the other access is here",
         DiagnosticIDs::Note);
  // An atomic fits scalars (std::atomic in C++, _Atomic in C); containers
  // and strings need a mutex or copies.
  const QualType Type = R.Object->getType().getNonReferenceType();
  enum { AnyType, CxxScalar, CScalar };
  const unsigned Advice = !Type->isScalarType() ? AnyType
                          : getLangOpts().CPlusPlus ? CxxScalar
                                                    : CScalar;
  diag(WriteAt,
       "%select{guard every access to '%0'|make '%0' a std::atomic, guard "
       "every access|make '%0' _Atomic, guard every access}2 with the same "
       "mutex, or give each %1 its own copy and combine the results after "
       "joining",
       DiagnosticIDs::Note)
      << Name << Noun << Advice;
}

void SharedMutableCaptureCheck::onEndOfTranslationUnit() {
  Wrappers.clear();
  Analyzed.clear();
  Reported.clear();
  Summaries.reset();
  restoreTraversalScopes();
}

} // namespace clang::tidy::fearless
