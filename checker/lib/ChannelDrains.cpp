//===--- ChannelDrains.cpp - loops that end only when a channel closes ----===//

#include "fearless/checker/ChannelDrains.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/StatementContext.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::fearless {

namespace {

bool isChannelClass(QualType Type, llvm::StringRef Name) {
  const CXXRecordDecl *Record =
      Type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!Record || !Record->getIdentifier() || Record->getName() != Name)
    return false;
  const auto *Namespace = dyn_cast<NamespaceDecl>(Record->getDeclContext());
  if (!Namespace || !Namespace->getIdentifier() ||
      Namespace->getName() != "channel")
    return false;
  const auto *Outer = dyn_cast<NamespaceDecl>(Namespace->getDeclContext());
  return Outer && Outer->getIdentifier() && Outer->getName() == "fearless" &&
         Outer->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

/// Strips what does not change the value tested: implicit casts, parens,
/// cleanups, `bool(opt)` and `opt.has_value()` conversions of an optional.
const Expr *testedValue(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E)) {
      E = Cleanups->getSubExpr();
      continue;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
        Call && Call->getMethodDecl() &&
        (isa<CXXConversionDecl>(Call->getMethodDecl()) ||
         (Call->getMethodDecl()->getIdentifier() &&
          Call->getMethodDecl()->getName() == "has_value"))) {
      E = Call->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = Bind->getSubExpr();
      continue;
    }
    if (const auto *Materialize = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = Materialize->getSubExpr();
      continue;
    }
    return E;
  }
  return E;
}

/// The receiver binding that \p E names.
const BindingDecl *receiverBinding(const Expr *E) {
  const auto *Ref =
      E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
  const auto *Binding = Ref ? dyn_cast<BindingDecl>(Ref->getDecl()) : nullptr;
  return Binding && isChannelReceiver(Binding->getType()) ? Binding : nullptr;
}

/// The receiver binding \p Loop drains until disconnection, if it is one.
const BindingDecl *drainedReceiver(const Stmt &Loop) {
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(&Loop))
    return receiverBinding(RangeFor->getRangeInit());
  const auto *While = dyn_cast<WhileStmt>(&Loop);
  if (!While)
    return nullptr;
  const Expr *Tested = nullptr;
  if (const VarDecl *Var = While->getConditionVariable())
    Tested = Var->getInit();
  else
    Tested = While->getCond();
  const auto *Recv = dyn_cast_or_null<CXXMemberCallExpr>(testedValue(Tested));
  if (!Recv || !Recv->getMethodDecl() ||
      !Recv->getMethodDecl()->getIdentifier() ||
      Recv->getMethodDecl()->getName() != "recv" || Recv->getNumArgs() != 0)
    return nullptr;
  return receiverBinding(Recv->getImplicitObjectArgument());
}

/// True when \p S can leave \p Loop other than by the loop's own condition:
/// a break of this loop, a return, a goto, a throw, a co_return.
bool leavesLoop(const Stmt *S, bool Nested) {
  if (!S)
    return false;
  if (isa<ReturnStmt, GotoStmt, IndirectGotoStmt, CXXThrowExpr, CoreturnStmt>(S))
    return true;
  if (isa<BreakStmt>(S))
    return !Nested;
  if (isa<LambdaExpr>(S))
    return false; // another function's body
  const bool Inner = Nested || isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt,
                                   SwitchStmt>(S);
  for (const Stmt *Child : S->children())
    if (leavesLoop(Child, Inner))
      return true;
  return false;
}

bool leavesLoop(const Stmt &Loop) {
  const Stmt *Body = nullptr;
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(&Loop))
    Body = RangeFor->getBody();
  else if (const auto *While = dyn_cast<WhileStmt>(&Loop))
    Body = While->getBody();
  return leavesLoop(Body, /*Nested=*/false);
}

/// True when the use \p Ref of a sender ends or may end that sender's hold
/// on the channel: `tx.reset()`, `std::move(tx)`, `tx = ...`, or `tx`
/// handed by non-const reference to a function.
bool releases(const DeclRefExpr &Ref, ASTContext &Context) {
  const Expr *Child = &Ref;
  DynTypedNodeList Parents = parentsOf(Context, Ref);
  while (!Parents.empty() && (Parents[0].get<ImplicitCastExpr>() ||
                              Parents[0].get<ParenExpr>())) {
    Child = Parents[0].get<Expr>();
    Parents = parentsOf(Context, *Child);
  }
  if (Parents.empty())
    return false;
  if (const auto *Member = Parents[0].get<MemberExpr>()) {
    const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
    return Method && Method->getIdentifier() && Method->getName() == "reset";
  }
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>())
    return Operator->getOperator() == OO_Equal && Operator->getNumArgs() == 2 &&
           Operator->getArg(0) == Child;
  if (const auto *Call = Parents[0].get<CallExpr>()) {
    if (isStdMoveOrForward(*Call))
      return true;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true; // unknown
    const unsigned Offset = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      if (Call->getArg(I) != Child || I < Offset ||
          I - Offset >= Callee->getNumParams())
        continue;
      const QualType Param = Callee->getParamDecl(I - Offset)->getType();
      return (Param->isLValueReferenceType() &&
              !Param.getNonReferenceType().isConstQualified()) ||
             Param->isRValueReferenceType();
    }
  }
  // A constructor taking it by non-const or rvalue reference (a move).
  if (const auto *Construct = Parents[0].get<CXXConstructExpr>())
    if (const CXXConstructorDecl *Constructor = Construct->getConstructor();
        Constructor && !Constructor->isCopyConstructor())
      for (unsigned I = 0; I < Construct->getNumArgs() &&
                           I < Constructor->getNumParams();
           ++I)
        if (Construct->getArg(I) == Child) {
          const QualType Param = Constructor->getParamDecl(I)->getType();
          return Param->isRValueReferenceType() ||
                 (Param->isLValueReferenceType() &&
                  !Param.getNonReferenceType().isConstQualified());
        }
  return false;
}

/// Every use of \p Binding in \p S that releases it, with its location.
void collectReleases(const Stmt *S, const BindingDecl &Binding,
                     ASTContext &Context,
                     llvm::SmallVectorImpl<SourceLocation> &Out) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
      Ref && Ref->getDecl() == &Binding && releases(*Ref, Context))
    Out.push_back(Ref->getBeginLoc());
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // Init-captures are evaluated here; the body may run anywhere, and a
    // release there counts too.
    for (const Expr *Init : Lambda->capture_inits())
      collectReleases(Init, Binding, Context, Out);
    collectReleases(Lambda->getBody(), Binding, Context, Out);
    return;
  }
  for (const Stmt *Child : S->children())
    collectReleases(Child, Binding, Context, Out);
}

} // namespace

bool isChannelSender(QualType Type) { return isChannelClass(Type, "sender"); }
bool isChannelReceiver(QualType Type) {
  return isChannelClass(Type, "receiver");
}

std::optional<NeverClosedDrain> findNeverClosedDrain(const Stmt &Loop,
                                                     ASTContext &Context) {
  const BindingDecl *Receiver = drainedReceiver(Loop);
  if (!Receiver || leavesLoop(Loop))
    return std::nullopt;
  const auto *Channel =
      dyn_cast_or_null<DecompositionDecl>(Receiver->getDecomposedDecl());
  if (!Channel || !Channel->hasLocalStorage() ||
      Channel->getType()->isReferenceType())
    return std::nullopt;
  // The function that owns the channel, and the one the loop runs in.
  const auto *Owner =
      dyn_cast_or_null<FunctionDecl>(Channel->getParentFunctionOrMethod());
  llvm::SmallVector<const FunctionDecl *, 2> Around =
      enclosingFunctions(Loop, Context);
  if (!Owner || !Owner->getBody() || Around.empty())
    return std::nullopt;
  const bool SameFunction =
      Around.front()->getCanonicalDecl() == Owner->getCanonicalDecl();
  const SourceManager &SM = Context.getSourceManager();
  NeverClosedDrain Found{&Loop, Receiver, {}};
  for (const BindingDecl *Sender : Channel->bindings()) {
    if (!isChannelSender(Sender->getType()))
      continue;
    llvm::SmallVector<SourceLocation, 2> Releases;
    collectReleases(Owner->getBody(), *Sender, Context, Releases);
    const bool Released = llvm::any_of(Releases, [&](SourceLocation At) {
      // In the owner itself, only what happens before the loop ends helps;
      // a loop that runs elsewhere (a consumer thread, a scope's body) runs
      // while the owner goes on.
      return !SameFunction || SM.isBeforeInTranslationUnit(At, Loop.getEndLoc());
    });
    if (!Released)
      Found.LiveSenders.push_back(Sender);
  }
  if (Found.LiveSenders.empty())
    return std::nullopt;
  return Found;
}

} // namespace clang::tidy::fearless
