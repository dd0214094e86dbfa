//===--- ThreadPlacement.cpp - where a launch puts its thread ---------------===//

#include "fearless/checker/ThreadPlacement.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/Accesses.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::fearless::lifetime {

//===----------------------------------------------------------------------===//
// Small AST helpers
//===----------------------------------------------------------------------===//

/// Strips what does not change which object an expression denotes, including
/// the copy or move constructions that pass a handle on (`return std::move(t)`).
const Expr *stripHandle(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = stripValuePreservingWrappers(E);
    const auto *Construct = dyn_cast<CXXConstructExpr>(E);
    if (!Construct || Construct->getNumArgs() != 1 ||
        !Construct->getConstructor() ||
        !Construct->getConstructor()->isCopyOrMoveConstructor())
      return E;
    E = Construct->getArg(0);
  }
  return E;
}

const VarDecl *variableOf(const Expr *E) {
  const auto *Ref = E ? dyn_cast<DeclRefExpr>(stripHandle(E)) : nullptr;
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

bool refersTo(const Expr *E, const VarDecl *Var) {
  return Var && variableOf(E) == Var;
}

bool isAddressOf(const Expr *E, const VarDecl *Var) {
  const auto *Unary =
      E ? dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts()) : nullptr;
  return Unary && Unary->getOpcode() == UO_AddrOf &&
         refersTo(Unary->getSubExpr(), Var);
}

bool isLocalObject(const VarDecl *Var) {
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
         !Var->getType()->isReferenceType();
}

llvm::StringRef methodName(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  return Method && Method->getIdentifier() ? Method->getName() : "";
}

bool isContainerInsertion(llvm::StringRef Name) {
  return isOneOf({"push_back", "emplace_back", "push_front",
                             "emplace_front", "insert", "emplace", "push",
                             "insert_or_assign", "try_emplace"},
                            Name);
}

std::string calleeName(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee ? Callee->getQualifiedNameAsString() : "";
}

/// Where a thread put into \p Target (the left side of an assignment, the
/// object of a push_back) goes: a local variable (returned as \p Local), or an
/// escape into a member, a global or something else.
/// The data member of `*this` that \p E is a part of (`workers_[i]`,
/// `pool_.slots[i]`: `workers_`, `pool_`), through members, elements and
/// local references; null when \p E is not in `*this`.
static const MemberExpr *memberOfThisAround(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
        return Member;
      if (Member->isArrow())
        return nullptr;
      E = Member->getBase();
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
               Operator && Operator->getOperator() == OO_Subscript &&
               Operator->getNumArgs() == 2) {
      E = Operator->getArg(0);
    } else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      E = subscriptedObject(*Subscript);
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      // `auto &slot = threads_[n];`: a local reference into the member.
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var || isa<ParmVarDecl>(Var) || !Var->hasLocalStorage() ||
          !Var->getType()->isReferenceType() || !Var->getInit())
        return nullptr;
      E = Var->getInit();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// The object a local iterator or pointer \p Var walks: `X` for `auto it =
/// X.begin()`, `std::begin(X)`, or an array `X` that decays (a range-for's
/// hidden `__begin`). Null when it is something else.
static const Expr *iteratedObject(const VarDecl &Var) {
  if (!Var.hasLocalStorage() || isa<ParmVarDecl>(Var) || !Var.getInit())
    return nullptr;
  const Expr *Init = Var.getInit()->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Init);
      Member && Member->getMethodDecl() &&
      Member->getMethodDecl()->getIdentifier() &&
      isOneOf({"begin", "end"}, Member->getMethodDecl()->getName()))
    return Member->getImplicitObjectArgument();
  if (const auto *Call = dyn_cast<CallExpr>(Init);
      Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
      Call->getDirectCallee()->getIdentifier() &&
      isOneOf({"begin", "end"}, Call->getDirectCallee()->getName()))
    return Call->getArg(0);
  if (Init->getType()->isArrayType())
    return Init;
  return nullptr;
}

std::optional<Escape> storeTarget(const Expr *Target, SourceLocation Where,
                                  const VarDecl *&Local, unsigned Depth) {
  Local = nullptr;
  const Expr *E = Target ? Target->IgnoreParenImpCasts() : nullptr;
  if (!E || Depth > 8)
    return std::nullopt;
  // `*it` with a local iterator over `X` (a range-for's element): an
  // element of X.
  const Expr *Dereferenced = nullptr;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    Dereferenced = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
      Operator && Operator->getOperator() == OO_Star &&
      Operator->getNumArgs() == 1)
    Dereferenced = Operator->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Dereferenced))
    if (const auto *Iterator = dyn_cast<VarDecl>(Ref->getDecl()))
      if (const Expr *Walked = iteratedObject(*Iterator))
        return storeTarget(Walked, Where, Local, Depth + 1);
  // An element of an array or container: where the whole goes.
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return storeTarget(subscriptedObject(*Subscript), Where, Local, Depth + 1);
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
      Operator && Operator->getOperator() == OO_Subscript &&
      Operator->getNumArgs() == 2)
    return storeTarget(Operator->getArg(0), Where, Local, Depth + 1);
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
    const bool OfThis = isa<CXXThisExpr>(Base);
    // `workers_[i].thread`, `pool_.threads[i]`: a part of a data member of
    // `*this`; the class's own member holds it.
    if (const MemberExpr *Holder = OfThis ? nullptr : memberOfThisAround(Base))
      return Escape{Escape::StoredInMember, Where,
                    Holder->getMemberDecl()->getNameAsString(), true,
                    dyn_cast<FieldDecl>(Holder->getMemberDecl())};
    // A member of a local object (`pair.first = std::thread(...)`): the
    // object may well join it; say nothing.
    if (!Member->isArrow() && isLocalObject(variableOf(Base)))
      return std::nullopt;
    return Escape{Escape::StoredInMember, Where,
                  Member->getMemberDecl()->getNameAsString(), OfThis,
                  dyn_cast<FieldDecl>(Member->getMemberDecl())};
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return std::nullopt;
    if (!Var->hasLocalStorage())
      return Escape{Escape::StoredInGlobal, Where, Var->getNameAsString()};
    if (isLocalObject(Var)) {
      Local = Var;
      return std::nullopt;
    }
    // A local reference (`auto &slot = threads[i]`, a range-for's element):
    // where it refers to.
    if (!isa<ParmVarDecl>(Var) && Var->getType()->isReferenceType() &&
        Var->getInit())
      return storeTarget(Var->getInit(), Where, Local, Depth + 1);
    // A reference or pointer parameter: the caller's container.
    return Escape{Escape::StoredElsewhere, Where, Var->getNameAsString()};
  }
  return Escape{Escape::StoredElsewhere, Where, ""};
}

//===----------------------------------------------------------------------===//
// Where the launch puts its thread
//===----------------------------------------------------------------------===//


static std::optional<HolderKind> holderKindOf(QualType Type) {
  // A built-in array of threads is a container of them.
  if (const auto *Array = Type->getAsArrayTypeUnsafe()) {
    if (isStdThreadType(Array->getElementType()))
      return HolderKind::Container;
    return std::nullopt;
  }
  if (isStdJThreadType(Type.getNonReferenceType()))
    return HolderKind::JThread;
  if (isStdThreadType(Type.getNonReferenceType()))
    return HolderKind::Thread;
  if (isStdFutureType(Type))
    return HolderKind::Future;
  const QualType Element = containerElementType(Type);
  if (!Element.isNull() && isStdThreadType(Element))
    return HolderKind::Container;
  return std::nullopt;
}

static Placement heldBy(const VarDecl *Var) {
  if (!Var)
    return {};
  if (std::optional<HolderKind> Kind = holderKindOf(Var->getType())) {
    Placement P = Placement::held(Var, *Kind);
    if (*Kind == HolderKind::Container) {
      const auto *Array = Var->getType()->getAsArrayTypeUnsafe();
      P.JThreadElements = isStdJThreadType(
          Array ? Array->getElementType() : containerElementType(Var->getType()));
    }
    return P;
  }
  return {};
}

/// A thread inserted into container \p Object: held by a local container, or
/// escaped with the container.
static Placement insertedInto(const Expr *Object, SourceLocation Where) {
  const VarDecl *Local = nullptr;
  if (std::optional<Escape> E = storeTarget(Object, Where, Local))
    return Placement::escaped(*E);
  return heldBy(Local);
}

static bool isWrapperParent(const DynTypedNode &Parent, const Expr *Child) {
  const auto *E = Parent.get<Expr>();
  if (!E)
    return false;
  if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
          CXXBindTemporaryExpr, CXXFunctionalCastExpr, ExprWithCleanups>(E))
    return true;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 1 && Construct->getConstructor() &&
           Construct->getConstructor()->isCopyOrMoveConstructor();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getNumArgs() == 1 && Call->getArg(0) == Child &&
           stripValuePreservingWrappers(Call) != Call;
  return false;
}

/// Where the thread of a fearless::scope spawn is, for the race analysis: in
/// a local join handle, or running until the scope's body ends.
static Placement scopeSpawnPlacement(const Launch &L, ASTContext &Context) {
  const Expr *Child = L.Site;
  DynTypedNodeList Parents = parentsOf(Context, *Child);
  while (!Parents.empty() && isWrapperParent(Parents[0], Child)) {
    Child = Parents[0].get<Expr>();
    Parents = parentsOf(Context, *Child);
  }
  if (!Parents.empty())
    if (const auto *Var = Parents[0].get<VarDecl>(); Var && isLocalObject(Var))
      return Placement::held(Var, HolderKind::JoinHandle);
  Placement P;
  P.What = Placement::Forever;
  return P;
}

/// \p ForRaces: where the thread runs for the race analysis rather than
/// whether it outlives borrows (a scope spawn is safe to borrow from, but it
/// runs concurrently with the rest of the scope's body).
Placement placementOf(const Launch &L, ASTContext &Context, bool ForRaces) {
  if (L.FinishedOnReturn)
    return Placement::finished();
  switch (L.Kind) {
  case LaunchKind::ScopeSpawn:
    // Joined through its handle, or by the scope after the body returns:
    // running past the end of the function that spawns it either way.
    return scopeSpawnPlacement(L, Context);
  case LaunchKind::EscapingCall:
    return Placement::escaped({Escape::EscapingCall, L.Site->getExprLoc(),
                               calleeName(*cast<CallExpr>(L.Site))});
  case LaunchKind::PthreadCreate: {
    const auto *Call = cast<CallExpr>(L.Site);
    const auto *Unary =
        dyn_cast<UnaryOperator>(Call->getArg(0)->IgnoreParenImpCasts());
    if (!Unary || Unary->getOpcode() != UO_AddrOf)
      return {};
    const VarDecl *Local = nullptr;
    if (std::optional<Escape> E =
            storeTarget(Unary->getSubExpr(), L.Site->getExprLoc(), Local))
      return Placement::escaped(*E);
    return Local ? Placement::held(Local, HolderKind::Pthread) : Placement();
  }
  default:
    break;
  }
  // A thread emplaced into a container: the container holds it.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(L.Site);
      Member && (L.Kind == LaunchKind::StdThread ||
                 L.Kind == LaunchKind::StdJThread))
    return insertedInto(Member->getImplicitObjectArgument(),
                        L.Site->getExprLoc());

  // A constructed thread or a std::async future: follow the value up.
  const Expr *Child = L.Site;
  DynTypedNodeList Parents = parentsOf(Context, *Child);
  while (!Parents.empty() && isWrapperParent(Parents[0], Child)) {
    Child = Parents[0].get<Expr>();
    Parents = parentsOf(Context, *Child);
  }
  if (Parents.empty())
    return {};
  // `std::thread(f).detach()`: the temporary is the base of a member access.
  if (const auto *Access = Parents[0].get<MemberExpr>();
      Access && Access->getBase()->IgnoreParenImpCasts() ==
                    Child->IgnoreParenImpCasts()) {
    DynTypedNodeList CallParents = parentsOf(Context, *Access);
    const auto *Member =
        CallParents.empty() ? nullptr : CallParents[0].get<CXXMemberCallExpr>();
    if (!Member)
      return {};
    const llvm::StringRef Name = methodName(*Member);
    if (Name == "detach")
      return Placement::escaped({Escape::Detached, Member->getExprLoc(), ""});
    if (isOneOf({"join", "get", "wait"}, Name))
      return Placement::finished();
    return {};
  }
  const DynTypedNode &Parent = Parents[0];
  if (const auto *Var = Parent.get<VarDecl>()) {
    if (!Var->hasLocalStorage())
      return Placement::escaped({Escape::StoredInGlobal, Var->getLocation(),
                                 Var->getNameAsString()});
    return heldBy(Var);
  }
  if (const auto *Init = Parent.get<CXXCtorInitializer>()) {
    const FieldDecl *Field = Init->getMember();
    return Placement::escaped({Escape::StoredInMember, Init->getSourceLocation(),
                               Field ? Field->getNameAsString() : "", true,
                               Field});
  }
  if (const auto *Return = Parent.get<ReturnStmt>())
    return Placement::escaped({Escape::Returned, Return->getReturnLoc(), ""});
  if (const auto *Operator = Parent.get<CXXOperatorCallExpr>();
      Operator && Operator->getOperator() == OO_Equal &&
      Operator->getNumArgs() == 2 && Operator->getArg(1) == Child) {
    const VarDecl *Local = nullptr;
    if (std::optional<Escape> E = storeTarget(
            Operator->getArg(0), Operator->getOperatorLoc(), Local))
      return Placement::escaped(*E);
    return heldBy(Local);
  }
  if (const auto *Member = Parent.get<CXXMemberCallExpr>()) {
    const llvm::StringRef Name = methodName(*Member);
    if (isContainerInsertion(Name))
      return insertedInto(Member->getImplicitObjectArgument(),
                          Member->getExprLoc());
  }
  if (const auto *Call = Parent.get<CallExpr>()) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0; Callee && I < Call->getNumArgs(); ++I) {
      if (Call->getArg(I) != Child)
        continue;
      const unsigned Offset = isa<CXXOperatorCallExpr>(Call) &&
                                      isa<CXXMethodDecl>(Callee)
                                  ? 1
                                  : 0;
      if (I < Offset || I - Offset >= Callee->getNumParams())
        return {};
      const QualType Param = Callee->getParamDecl(I - Offset)->getType();
      if (!Param->isLValueReferenceType())
        return Placement::escaped(
            {Escape::PassedAway, Call->getExprLoc(), calleeName(*Call)});
      return {};
    }
    return {};
  }
  // A temporary discarded at the end of its statement: a jthread joins, a
  // future waits, a std::thread terminates the program. None outlives here.
  if (Parent.get<Stmt>() && !Parent.get<Expr>())
    return Placement::finished();
  return {};
}

} // namespace clang::tidy::fearless::lifetime
