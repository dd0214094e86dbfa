//===--- GuardBorrows.cpp - references obtained through a lock guard ------===//

#include "fearless/checker/GuardBorrows.h"

#include "fearless/checker/Borrows.h"
#include "fearless/checker/Accesses.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::fearless {

namespace {

bool hasGuardAnnotation(const CXXRecordDecl &Record) {
  auto Annotated = [](const Decl &D) {
    return llvm::any_of(D.specific_attrs<AnnotateAttr>(), [](const AnnotateAttr *A) {
      return A->getAnnotation() == "fearless::guard";
    });
  };
  if (Annotated(Record))
    return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(&Record))
    return Annotated(*Spec->getSpecializedTemplate()->getTemplatedDecl());
  return false;
}

/// What an expression is once the compiler's own nodes (conversions,
/// temporaries, cleanups, parentheses) are looked through.
const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isStdOptional(QualType Type) {
  const CXXRecordDecl *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  return Record && isStdNamed(Record, {"optional"});
}

/// The guard an std::optional holds, when \p Type is an optional of a guard.
bool isOptionalOfGuard(QualType Type, const GuardTypes &Guards) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Type.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !isStdOptional(Type) || Spec->getTemplateArgs().size() != 1)
    return false;
  const TemplateArgument &Held = Spec->getTemplateArgs()[0];
  return Held.getKind() == TemplateArgument::Type && Guards.isGuard(Held.getAsType());
}

/// A local variable that owns a guard for the rest of its scope: a guard by
/// value, or a reference that extends a temporary guard's life
/// (`auto &&g = m.lock();`).
const VarDecl *guardVariable(const DeclRefExpr &Ref, const GuardTypes &Guards) {
  const auto *Var = dyn_cast<VarDecl>(Ref.getDecl());
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var))
    return nullptr;
  if (!Var->getType()->isReferenceType())
    return Var;
  const Expr *Init = Var->getInit();
  if (const auto *Cleanups = dyn_cast_or_null<ExprWithCleanups>(Init))
    Init = Cleanups->getSubExpr();
  const auto *Temporary =
      dyn_cast_or_null<MaterializeTemporaryExpr>(Init ? Init->IgnoreParens() : nullptr);
  return Temporary && Temporary->getExtendingDecl() == Var ? Var : nullptr;
}

/// Where the guard used by an access lives: a temporary, a local variable,
/// or the local std::optional `*maybe` / `maybe.value()` reads it from.
std::optional<GuardSource> classifyGuard(const Expr &GuardExpr,
                                         const GuardTypes &Guards) {
  const Expr *G = strip(&GuardExpr);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(G)) {
    if (const VarDecl *Var = guardVariable(*Ref, Guards))
      return GuardSource{&GuardExpr, Var, nullptr};
    return std::nullopt; // a member, a parameter, a reference: lifetime unknown
  }
  // `*maybe` or `maybe.value()` on a local std::optional of a guard.
  const Expr *Optional = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(G);
      Op && Op->getOperator() == OO_Star && Op->getNumArgs() == 1)
    Optional = Op->getArg(0);
  else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(G);
           Call && Call->getMethodDecl() && Call->getMethodDecl()->getIdentifier() &&
           Call->getMethodDecl()->getName() == "value")
    Optional = Call->getImplicitObjectArgument();
  if (Optional) {
    const auto *Ref = dyn_cast<DeclRefExpr>(strip(Optional));
    if (Ref && isOptionalOfGuard(Ref->getType(), Guards))
      if (const VarDecl *Var = guardVariable(*Ref, Guards))
        return GuardSource{&GuardExpr, Var, nullptr};
    return std::nullopt;
  }
  // A guard made by this very expression (`m.lock()`): a temporary.
  if (G->isPRValue() && Guards.isGuard(G->getType()))
    return GuardSource{&GuardExpr, nullptr, nullptr};
  return std::nullopt;
}

/// The guard operand of `*g`, `g->`, `g.get()`, `g.operator->()`.
const Expr *accessedGuard(const Expr &E, const GuardTypes &Guards) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&E)) {
    const OverloadedOperatorKind Kind = Op->getOperator();
    if ((Kind == OO_Star || Kind == OO_Arrow) && Op->getNumArgs() == 1 &&
        Guards.isGuard(Op->getArg(0)->getType()))
      return Op->getArg(0);
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(&E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (!Method || !Object || !Guards.isGuard(Object->getType()))
      return nullptr;
    const OverloadedOperatorKind Kind = Method->getOverloadedOperator();
    const bool Named = Method->getIdentifier() && Method->getName() == "get";
    if (Kind == OO_Star || Kind == OO_Arrow || Named)
      return Object;
  }
  return nullptr;
}

/// A call result that can refer into the object it was obtained from: a
/// reference (an lvalue or xvalue call), a pointer, iterator or view.
bool resultCanReferInto(const Expr &Result) {
  return Result.isGLValue() || isPointerLike(Result.getType());
}


bool isStdForwardingCall(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->getIdentifier() && Callee->isInStdNamespace() &&
         llvm::is_contained({"ref", "cref", "addressof", "as_const", "data",
                             "begin", "end", "cbegin", "cend"},
                            Callee->getName());
}

class Tracer {
public:
  explicit Tracer(const GuardTypes &Guards) : Guards(Guards) {}

  std::optional<GuardSource> trace(const Expr *E) {
    if (!E || ++Steps > 64)
      return std::nullopt; // deeper than any real derivation: give up
    E = strip(E);
    if (const Expr *Guard = accessedGuard(*E, Guards)) {
      std::optional<GuardSource> Source = classifyGuard(*Guard, Guards);
      if (Source)
        Source->Access = E;
      return Source;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref)
        return trace(Unary->getSubExpr());
      return std::nullopt;
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      return isa<FieldDecl>(Member->getMemberDecl()) ? trace(Member->getBase())
                                                      : std::nullopt;
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
      return trace(subscriptedObject(*Subscript));
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
      return Op->getNumArgs() >= 1 && resultCanReferInto(*Op) &&
                     !Op->isAssignmentOp()
                 ? trace(Op->getArg(0))
                 : std::nullopt;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
      return resultCanReferInto(*Call) ? trace(Call->getImplicitObjectArgument())
                                           : std::nullopt;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      return isStdForwardingCall(*Call) && Call->getNumArgs() >= 1
                 ? trace(Call->getArg(0))
                 : std::nullopt;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
      return isPointerLike(Construct->getType()) && Construct->getNumArgs() >= 1
                 ? trace(Construct->getArg(0))
                 : std::nullopt;
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      return trace(Cast->getSubExpr());
    if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
      if (std::optional<GuardSource> Source = trace(Conditional->getTrueExpr()))
        return Source;
      return trace(Conditional->getFalseExpr());
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      // A local reference or pointer initialised through a guard borrows
      // from that guard too.
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
          !canReferInto(Var->getType()) || holdsGuard(*Var, Guards))
        return std::nullopt;
      return trace(Var->getInit());
    }
    return std::nullopt;
  }

private:
  const GuardTypes &Guards;
  unsigned Steps = 0;
};

} // namespace

bool GuardTypes::isGuard(QualType Type) const {
  const CXXRecordDecl *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record)
    return false;
  return hasGuardAnnotation(*Record) || (!Named.empty() && Named.matches(*Record));
}

bool canReferInto(QualType Type) {
  return Type->isReferenceType() || isPointerLike(Type);
}

bool holdsGuard(const VarDecl &Var, const GuardTypes &Guards) {
  return Guards.isGuard(Var.getType()) || isOptionalOfGuard(Var.getType(), Guards);
}

std::optional<GuardSource> guardBehind(const Expr &Value, const GuardTypes &Guards) {
  return Tracer(Guards).trace(&Value);
}

} // namespace clang::tidy::fearless
