//===--- ThreadStartWrappers.cpp - functions that start a thread for their caller ---===//

#include "fearless/checker/ThreadStartWrappers.h"

#include "fearless/checker/Borrows.h"
#include "fearless/checker/ConcurrencyModel.h"
#include "fearless/checker/FunctionCFG.h"
#include "fearless/checker/ThreadLifetime.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::fearless {

namespace {

/// Wrappers of wrappers are followed this deep.
constexpr unsigned MaxWrapperDepth = 4;

/// The parameter of \p Function that \p E is, through copies, moves and
/// conversions (`f`, `std::move(f)`, `std::function<void()>(f)`); for a
/// lambda, the parameter it captures by copy and calls (`[f] { f(); }`).
std::optional<unsigned> parameterOf(const Expr *E, const FunctionDecl &Function) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = stripValuePreservingWrappers(E)->IgnoreParenImpCasts();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1) {
      E = Construct->getArg(0);
      continue;
    }
    break;
  }
  if (!E)
    return std::nullopt;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  const ValueDecl *Named = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    Named = Ref->getDecl();
  else if (const auto *Lambda = dyn_cast<LambdaExpr>(E);
           Lambda && Lambda->capture_size() == 1 &&
           Lambda->capture_begin()->capturesVariable() &&
           Lambda->capture_begin()->getCaptureKind() == LCK_ByCopy)
    Named = Lambda->capture_begin()->getCapturedVar();
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(Named);
  if (!Param || Param->getDeclContext() != &Function)
    return std::nullopt;
  return Param->getFunctionScopeIndex();
}

/// True when the thread of \p L, started in \p Function, certainly goes on
/// after \p Function returns, detached or handed on to a function that keeps
/// it, and on no path joined, returned or stored for someone else to join.
bool isLetGo(const Launch &L, const FunctionDecl &Function, ASTContext &Context) {
  if (L.FinishedOnReturn || L.Kind == LaunchKind::ScopeSpawn ||
      L.Kind == LaunchKind::Async)
    return false;
  std::unique_ptr<FunctionCFG> Graph = FunctionCFG::build(Function, Context);
  if (!Graph)
    return false;
  // The callable parameter lives until the function returns: a thread still
  // running then is one the function let go.
  Borrow Probe;
  Probe.Object = Function.getParamDecl(0);
  Probe.Owner = BorrowOwner::Caller;
  const LifetimeVerdict Verdict = analyzeThreadLifetime(L, {Probe}, *Graph);
  if (Verdict.Outlived.empty() || Verdict.Escapes.empty())
    return false;
  return llvm::all_of(Verdict.Escapes, [](const Escape &E) {
    return E.What == Escape::Detached || E.What == Escape::EscapingCall;
  });
}

} // namespace

const llvm::SmallVector<ThreadStartWrappers::StartedThread, 1> &
ThreadStartWrappers::threadsStartedBy(const FunctionDecl &Function,
                                      ASTContext &Context,
                                      const LaunchOptions &Options) {
  if (auto It = Started.find(&Function); It != Started.end())
    return It->second;
  // Recorded before the body is looked at: a recursive wrapper starts
  // nothing more through itself.
  Started[&Function];
  llvm::SmallVector<StartedThread, 1> Found;
  const Stmt *Body = Function.getBody();
  if (Body && Function.getNumParams() > 0 && Depth < MaxWrapperDepth &&
      !Context.getSourceManager().isInSystemHeader(Function.getLocation())) {
    ++Depth;
    for (const Launch &L : findLaunches(*Body, Context, Options)) {
      const std::optional<unsigned> Runs = parameterOf(L.Callable, Function);
      if (!Runs || !isLetGo(L, Function, Context))
        continue;
      StartedThread Thread{*Runs, {}};
      for (const Expr *Argument : L.Arguments) {
        const std::optional<unsigned> From = parameterOf(Argument, Function);
        if (!From)
          break;
        Thread.ArgumentParameters.push_back(*From);
      }
      Found.push_back(std::move(Thread));
    }
    --Depth;
  }
  return Started[&Function] = std::move(Found);
}

void ThreadStartWrappers::describe(const CallExpr &Call, ASTContext &Context,
                                   const LaunchOptions &Options,
                                   llvm::SmallVectorImpl<Launch> &Out) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Callee->isInStdNamespace() || isa<CXXOperatorCallExpr>(Call))
    return;
  const FunctionDecl *Definition = Callee->getDefinition();
  if (!Definition)
    return;
  for (const StartedThread &Thread :
       threadsStartedBy(*Definition, Context, Options)) {
    if (Thread.CallableParameter >= Call.getNumArgs())
      continue;
    Launch L;
    L.Kind = LaunchKind::EscapingCall;
    L.Site = &Call;
    L.Callable = Call.getArg(Thread.CallableParameter);
    L.Lambda = lambdaOf(L.Callable);
    for (unsigned Parameter : Thread.ArgumentParameters) {
      if (Parameter >= Call.getNumArgs())
        break;
      L.Arguments.push_back(Call.getArg(Parameter));
    }
    Out.push_back(std::move(L));
  }
}

} // namespace clang::tidy::fearless
