//===--- ThreadTypes.cpp - what counts as a thread handle -----------------===//

#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::fearless {

bool isStdNamed(const NamedDecl *D,
                std::initializer_list<llvm::StringRef> Names) {
  return D && D->getIdentifier() && D->isInStdNamespace() &&
         llvm::is_contained(Names, D->getName());
}

bool isStdThreadType(QualType Type) {
  const auto *Record = Type.getCanonicalType()->getAsCXXRecordDecl();
  if (!Record || !Record->getIdentifier() || !Record->isInStdNamespace())
    return false;
  const StringRef Name = Record->getName();
  return Name == "thread" || Name == "jthread";
}

static const CXXRecordDecl *stdRecord(QualType Type) {
  const auto *Record = Type.getCanonicalType()->getAsCXXRecordDecl();
  return Record && Record->getIdentifier() && Record->isInStdNamespace()
             ? Record
             : nullptr;
}

bool isStdJThreadType(QualType Type) {
  const CXXRecordDecl *Record = stdRecord(Type);
  return Record && Record->getName() == "jthread";
}

bool isStdFutureType(QualType Type) {
  const CXXRecordDecl *Record = stdRecord(Type.getNonReferenceType());
  return Record && Record->getName() == "future";
}

QualType containerElementType(QualType Container) {
  Container = Container.getNonReferenceType();
  if (const auto *Pointer = Container->getAs<PointerType>())
    Container = Pointer->getPointeeType();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Container->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0)
    return {};
  const TemplateArgument &Arg = Spec->getTemplateArgs()[0];
  return Arg.getKind() == TemplateArgument::Type ? Arg.getAsType() : QualType();
}

bool isThreadLaunchingConstruction(const CXXConstructExpr &Construct) {
  const CXXConstructorDecl *Ctor = Construct.getConstructor();
  if (!Ctor || !isStdThreadType(Construct.getType()))
    return false;
  return !Ctor->isDefaultConstructor() && !Ctor->isCopyOrMoveConstructor() &&
         Construct.getNumArgs() > 0;
}

bool isStdMoveOrForward(const CallExpr &Call) {
  const auto *Callee = Call.getDirectCallee();
  if (!Callee || Call.getNumArgs() != 1 || !Callee->getIdentifier() ||
      !Callee->isInStdNamespace())
    return false;
  const StringRef Name = Callee->getName();
  return Name == "move" || Name == "forward";
}

const Expr *ignoreTemporaries(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Next))
      Next = Cleanups->getSubExpr();
    else if (const auto *Materialize = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = Materialize->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = Bind->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const Expr *stripValuePreservingWrappers(const Expr *E) {
  while (E) {
    const Expr *Next = ignoreTemporaries(E);
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = Cast->getSubExpr();
    else if (const auto *Call = dyn_cast<CallExpr>(Next);
             Call && isStdMoveOrForward(*Call))
      Next = Call->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

} // namespace clang::tidy::fearless
