//===--- Borrows.cpp - what a launched callable borrows -------------------===//

#include "fearless/checker/Borrows.h"

#include "fearless/checker/Accesses.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/LambdaCapture.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::fearless {

/// The variable whose storage \p D names: itself, or for a structured
/// binding (`auto [tx, rx] = ...`) the object the bindings decompose.
const VarDecl *storageOf(const ValueDecl *D) {
  if (const auto *Binding = dyn_cast_or_null<BindingDecl>(D))
    return dyn_cast_or_null<VarDecl>(Binding->getDecomposedDecl());
  return dyn_cast_or_null<VarDecl>(D);
}

namespace {

/// One object a value may refer to, with how it is reached.
struct Referent {
  const VarDecl *Object; ///< null for *this
  BorrowOwner Owner;
  const VarDecl *Via;
  bool PointeeOfObject = false; ///< what the pointer Object points to
};
using Referents = llvm::SmallVector<Referent, 2>;

} // namespace

bool isPointerLike(QualType Type) {
  Type = Type.getNonReferenceType().getCanonicalType();
  if (Type->isPointerType())
    return !Type->isFunctionPointerType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record || !Record->getIdentifier())
    return false;
  if (isStdNamed(Record, {"reference_wrapper", "basic_string_view", "span"}))
    return true;
  // Standard library iterators: __gnu_cxx::__normal_iterator,
  // std::_List_iterator, std::_Rb_tree_const_iterator, std::reverse_iterator...
  const bool LibraryType =
      Record->isInStdNamespace() ||
      llvm::StringRef(Record->getQualifiedNameAsString()).starts_with("__gnu_cxx::");
  return LibraryType && Record->getName().contains_insensitive("iterator");
}

namespace {

bool isStdFunctionNamed(const CallExpr &Call,
                        std::initializer_list<llvm::StringRef> Names) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->getIdentifier() && Callee->isInStdNamespace() &&
         llvm::is_contained(Names, Callee->getName());
}

/// Resolves what values and lvalues refer to, within one launching function.
class ReferentResolver {
public:
  explicit ReferentResolver(const FunctionDecl &Function) : Function(Function) {}

  /// The objects the lvalue \p E designates (the object itself, or the
  /// object that owns the designated part: `x.field`, `arr[i]`, `v[i]`).
  Referents designated(const Expr *E) {
    Referents Out;
    if (E && enter()) {
      designatedInto(ignoreTemporaries(E), Out);
      leave();
    }
    return Out;
  }

  /// The objects the pointer-like value \p E points into.
  Referents pointees(const Expr *E) {
    Referents Out;
    if (E && enter()) {
      pointeesInto(ignoreTemporaries(E), Out);
      leave();
    }
    return Out;
  }

  /// What capturing or naming variable \p Var by reference reaches.
  Referents variable(const VarDecl &Var) {
    Referents Out;
    if (enter()) {
      variableInto(Var, Out);
      leave();
    }
    return Out;
  }

  /// What a pointer-like variable \p Var points into: its initializer and
  /// every value assigned to it in the function (flow-insensitive).
  Referents pointeesOfVariable(const VarDecl &Var) {
    // Memoised, with a guard for pointers assigned from each other: each
    // variable's assignments are looked up once per launch.
    if (auto It = PointeesMemo.find(&Var); It != PointeesMemo.end())
      return It->second;
    Referents Out;
    if (!InProgress.insert(&Var).second)
      return Out;
    if (enter()) {
      pointeesOfVariableInto(Var, Out);
      leave();
    }
    InProgress.erase(&Var);
    PointeesMemo[&Var] = Out;
    return Out;
  }

private:
  // Recursion guard: pointer variables can be assigned from each other.
  bool enter() { return Depth++ < 8; }
  void leave() { --Depth; }

  std::optional<BorrowOwner> ownerOf(const VarDecl &Var) const {
    if (!Var.hasLocalStorage())
      return std::nullopt; // static, thread_local, global: not a borrow
    const DeclContext *Owner = Var.getParentFunctionOrMethod();
    if (Owner && Owner->getPrimaryContext() ==
                     Function.getPrimaryContext())
      return BorrowOwner::Local;
    return BorrowOwner::Caller; // an enclosing function's, seen from a lambda
  }

  void add(Referents &Out, const VarDecl *Object, BorrowOwner Owner,
           const VarDecl *Via = nullptr, bool PointeeOfObject = false) {
    for (const Referent &R : Out)
      if (R.Object == Object)
        return;
    Out.push_back({Object, Owner, Via, PointeeOfObject});
  }

  void addAll(Referents &Out, const Referents &More, const VarDecl *Via) {
    for (const Referent &R : More)
      add(Out, R.Object, R.Owner, R.Via ? R.Via : Via, R.PointeeOfObject);
  }

  void variableInto(const VarDecl &Var, Referents &Out) {
    const std::optional<BorrowOwner> Owner = ownerOf(Var);
    if (!Owner)
      return;
    if (!Var.getType()->isReferenceType()) {
      add(Out, &Var, *Owner);
      return;
    }
    // A reference: what matters is the object it is bound to.
    if (isa<ParmVarDecl>(Var) || *Owner == BorrowOwner::Caller) {
      add(Out, &Var, BorrowOwner::Caller);
      return;
    }
    // A temporary bound to a local reference lives as long as the
    // reference: it is the reference's own object.
    const Expr *Init = Var.getInit();
    while (Init && (isa<FullExpr>(Init) || isa<ImplicitCastExpr>(Init)))
      Init = isa<FullExpr>(Init) ? cast<FullExpr>(Init)->getSubExpr()
                                 : cast<ImplicitCastExpr>(Init)->getSubExpr();
    if (const auto *Temporary = dyn_cast_or_null<MaterializeTemporaryExpr>(Init);
        Temporary && Temporary->getExtendingDecl() == &Var) {
      add(Out, &Var, *Owner);
      return;
    }
    if (Var.getInit())
      addAll(Out, designated(Var.getInit()), nullptr);
  }

  void pointeesOfVariableInto(const VarDecl &Var, Referents &Out) {
    const std::optional<BorrowOwner> Owner = ownerOf(Var);
    if (!Owner)
      return;
    if (isa<ParmVarDecl>(Var) || *Owner == BorrowOwner::Caller) {
      // The pointee of a parameter (or of an enclosing function's pointer)
      // belongs to the caller; name it by the pointer.
      add(Out, &Var, BorrowOwner::Caller, nullptr,
          /*PointeeOfObject=*/!Var.getType()->isReferenceType());
      return;
    }
    if (Var.getType()->isReferenceType()) {
      // A reference to a pointer-like object: follow the object.
      for (const Referent &R : designated(Var.getInit()))
        if (R.Object && R.Object != &Var &&
            isPointerLike(R.Object->getType()))
          addAll(Out, pointeesOfVariable(*R.Object), R.Object);
      return;
    }
    if (Var.getInit())
      addAll(Out, pointees(Var.getInit()), &Var);
    for (const Expr *Assigned : assignmentsTo(Var))
      addAll(Out, pointees(Assigned), &Var);
  }

  /// Right-hand sides of `Var = value` in the launching function.
  llvm::SmallVector<const Expr *, 2> assignmentsTo(const VarDecl &Var) {
    llvm::SmallVector<const Expr *, 2> Values;
    collectAssignments(Function.getBody(), Var, Values);
    return Values;
  }

  static void collectAssignments(const Stmt *S, const VarDecl &Var,
                                 llvm::SmallVector<const Expr *, 2> &Values) {
    if (!S)
      return;
    auto IsVar = [&Var](const Expr *E) {
      const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      return Ref && Ref->getDecl() == &Var;
    };
    if (const auto *Binary = dyn_cast<BinaryOperator>(S);
        Binary && Binary->getOpcode() == BO_Assign && IsVar(Binary->getLHS()))
      Values.push_back(Binary->getRHS());
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S);
        Operator && Operator->getOperator() == OO_Equal &&
        Operator->getNumArgs() == 2 && IsVar(Operator->getArg(0)))
      Values.push_back(Operator->getArg(1));
    for (const Stmt *Child : S->children())
      collectAssignments(Child, Var, Values);
  }

  void designatedInto(const Expr *E, Referents &Out) {
    if (!E)
      return;
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      if (const VarDecl *Var = storageOf(Ref->getDecl()))
        variableInto(*Var, Out);
      return;
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
      if (isa<CXXThisExpr>(Base)) {
        add(Out, nullptr, BorrowOwner::Caller);
        return;
      }
      if (Member->isArrow())
        addAll(Out, pointees(Base), nullptr);
      else
        addAll(Out, designated(Base), nullptr);
      return;
    }
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      const Expr *Base = subscriptedObject(*Subscript)->IgnoreParenImpCasts();
      if (Base->getType()->isArrayType())
        addAll(Out, designated(Base), nullptr);
      else
        addAll(Out, pointees(subscriptedObject(*Subscript)), nullptr);
      return;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() == UO_Deref)
        addAll(Out, pointees(Unary->getSubExpr()), nullptr);
      return;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Operator->getNumArgs() < 1)
        return;
      const Expr *Object = Operator->getArg(0);
      switch (Operator->getOperator()) {
      case OO_Subscript: // v[i]: an element owned by v, or *(it + i)
      case OO_Star:      // *it, *up
      case OO_Arrow:
        if (isPointerLike(Object->getType()))
          addAll(Out, pointees(Object), nullptr);
        else
          addAll(Out, designated(Object), nullptr);
        return;
      default:
        return;
      }
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      // v.front(), v.back(), m.at(k): an element owned by the container.
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Method && Method->getIdentifier() &&
          isOneOf({"front", "back", "at", "value"},
                             Method->getName()) &&
          Call->isLValue() && Call->getImplicitObjectArgument())
        addAll(Out, designated(Call->getImplicitObjectArgument()), nullptr);
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      // std::move(x) and std::forward<T>(x) still designate x.
      if (isStdFunctionNamed(*Call, {"move", "forward", "as_const"}) &&
          Call->getNumArgs() == 1)
        addAll(Out, designated(Call->getArg(0)), nullptr);
      return;
    }
    if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
      addAll(Out, designated(Conditional->getTrueExpr()), nullptr);
      addAll(Out, designated(Conditional->getFalseExpr()), nullptr);
    }
  }

  void pointeesInto(const Expr *E, Referents &Out) {
    if (!E)
      return;
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
      if (Cast->getType()->isPointerType() || isPointerLike(Cast->getType()))
        addAll(Out, pointees(Cast->getSubExpr()), nullptr);
      else if (isa<CXXFunctionalCastExpr>(Cast))
        addAll(Out, pointees(Cast->getSubExpr()), nullptr);
      return;
    }
    const Expr *Plain = E->IgnoreParenImpCasts();
    if (Plain != E) {
      // An array decaying to a pointer points into the array.
      if (const auto *Implicit = dyn_cast<ImplicitCastExpr>(E->IgnoreParens());
          Implicit && Implicit->getCastKind() == CK_ArrayToPointerDecay) {
        addAll(Out, designated(Implicit->getSubExpr()), nullptr);
        return;
      }
      addAll(Out, pointees(Plain), nullptr);
      return;
    }
    if (isa<CXXThisExpr>(E)) {
      add(Out, nullptr, BorrowOwner::Caller);
      return;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() == UO_AddrOf)
        addAll(Out, designated(Unary->getSubExpr()), nullptr);
      return;
    }
    if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
      // Pointer arithmetic stays inside the same object.
      if (Binary->isAdditiveOp()) {
        if (Binary->getLHS()->getType()->isPointerType())
          addAll(Out, pointees(Binary->getLHS()), nullptr);
        else if (Binary->getRHS()->getType()->isPointerType())
          addAll(Out, pointees(Binary->getRHS()), nullptr);
      }
      if (Binary->getOpcode() == BO_Comma)
        addAll(Out, pointees(Binary->getRHS()), nullptr);
      return;
    }
    if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
      addAll(Out, pointees(Conditional->getTrueExpr()), nullptr);
      addAll(Out, pointees(Conditional->getFalseExpr()), nullptr);
      return;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var)
        return;
      if (Var->getType()->isArrayType())
        addAll(Out, designated(E), nullptr);
      else if (isPointerLike(Var->getType()))
        addAll(Out, pointeesOfVariable(*Var), nullptr);
      return;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      const Expr *Object = Member->getImplicitObjectArgument();
      if (!Method || !Object)
        return;
      const bool Accessor =
          Method->getIdentifier() &&
          isOneOf({"data", "c_str", "begin", "end", "cbegin", "cend",
                              "rbegin", "rend", "crbegin", "crend", "get"},
                             Method->getName());
      // `std::string` -> `std::string_view` and similar conversions.
      const bool ViewConversion =
          isa<CXXConversionDecl>(Method) && isPointerLike(Member->getType());
      if (!Accessor && !ViewConversion)
        return;
      if (Method->getName() == "get" && !isPointerLike(Member->getType()))
        return;
      // The object as written, before the cast to the base class that
      // declares the accessor (std::shared_ptr -> std::__shared_ptr).
      const QualType ObjectType = Object->IgnoreParenImpCasts()->getType();
      if (isPointerLike(ObjectType))
        addAll(Out, pointees(Object), nullptr);
      else if (!isSharedOwner(ObjectType))
        addAll(Out, designated(Object), nullptr);
      return;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
      // it + n, it - n, ++it...: the same object as the iterator.
      if (Operator->getNumArgs() >= 1 && isPointerLike(Operator->getType()) &&
          isPointerLike(Operator->getArg(0)->getType()))
        addAll(Out, pointees(Operator->getArg(0)), nullptr);
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (Call->getNumArgs() < 1)
        return;
      if (isStdFunctionNamed(*Call, {"ref", "cref", "addressof"}))
        addAll(Out, designated(Call->getArg(0)), nullptr);
      else if (isStdFunctionNamed(*Call, {"begin", "end", "cbegin", "cend",
                                          "rbegin", "rend", "data", "next",
                                          "prev", "move", "forward"}))
        addAll(Out, isPointerLike(Call->getArg(0)->getType())
                        ? pointees(Call->getArg(0))
                        : designated(Call->getArg(0)),
               nullptr);
      return;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (!isPointerLike(Construct->getType()))
        return;
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
        const Expr *Arg = Construct->getArg(I);
        if (isPointerLike(Arg->getType()) ||
            (Ctor && Ctor->isCopyOrMoveConstructor()))
          addAll(Out, pointees(Arg), nullptr);
        else if (Arg->isLValue() &&
                 (Arg->getType()->isRecordType() || Arg->getType()->isArrayType()))
          addAll(Out, designated(Arg), nullptr); // string_view(s), span(v)
      }
    }
  }

  static bool isSharedOwner(QualType Type) {
    const CXXRecordDecl *Record =
        Type.getNonReferenceType()->getAsCXXRecordDecl();
    return isStdNamed(Record, {"shared_ptr", "weak_ptr"});
  }

  const FunctionDecl &Function;
  unsigned Depth = 0;
  llvm::DenseMap<const VarDecl *, Referents> PointeesMemo;
  llvm::DenseSet<const VarDecl *> InProgress;
};

/// Collects borrows, one per object (for diagnostics) or one per name under
/// which the callable reaches each object (for the race analysis).
class BorrowCollector {
public:
  BorrowCollector(const FunctionDecl &Function, bool EveryName)
      : Resolver(Function), EveryName(EveryName) {}

  void add(const Referents &Found, BorrowKind Kind, SourceLocation Location,
           const VarDecl *Via, const VarDecl *Named, bool NamedIsPointer,
           const Expr *BoundFrom = nullptr) {
    for (const Referent &R : Found) {
      if (llvm::any_of(Out, [&](const Borrow &B) {
            return B.Object == R.Object && (!EveryName || B.Named == Named);
          }))
        continue;
      Borrow B;
      B.Object = R.Object;
      B.Owner = R.Owner;
      B.Kind = R.Object ? Kind : BorrowKind::This;
      B.Location = Location;
      B.Via = R.Via ? R.Via : Via;
      B.PointeeOfObject = R.PointeeOfObject;
      B.Named = Named;
      B.NamedIsPointer = NamedIsPointer;
      B.BoundFrom = BoundFrom;
      if (B.Via == B.Object)
        B.Via = nullptr;
      Out.push_back(B);
    }
  }

  void lambda(const LambdaExpr &Lambda) {
    for (const LambdaCapture &Capture : Lambda.captures()) {
      if (Capture.capturesThis()) {
        if (Capture.getCaptureKind() != LCK_StarThis)
          add({{nullptr, BorrowOwner::Caller, nullptr}}, BorrowKind::This,
              Capture.getLocation(), nullptr, nullptr, false);
        continue;
      }
      if (!Capture.capturesVariable())
        continue;
      const VarDecl *Var = storageOf(Capture.getCapturedVar());
      if (!Var)
        continue;
      if (Capture.getCaptureKind() == LCK_ByRef) {
        add(Var->isInitCapture() ? Resolver.designated(Var->getInit())
                                 : Resolver.variable(*Var),
            BorrowKind::ReferenceCapture, Capture.getLocation(), nullptr, Var,
            false, Var->isInitCapture() ? Var->getInit() : nullptr);
        continue;
      }
      if (!isPointerLike(Var->getType()))
        continue; // a copy or a move
      add(Var->isInitCapture() ? Resolver.pointees(Var->getInit())
                               : Resolver.pointeesOfVariable(*Var),
          BorrowKind::PointerCapture, Capture.getLocation(), Var, Var, true,
          Var->isInitCapture() ? Var->getInit() : nullptr);
    }
  }

  /// \p Param: the callable's parameter that receives the argument, if known.
  void argument(const Expr &Arg, const ParmVarDecl *Param) {
    const bool ParamIsPointer =
        Param && !Param->getType()->isReferenceType();
    const Expr *Plain = ignoreTemporaries(&Arg);
    if (const auto *Call = dyn_cast<CallExpr>(Plain);
        Call && isStdFunctionNamed(*Call, {"ref", "cref"}) &&
        Call->getNumArgs() == 1) {
      add(Resolver.designated(Call->getArg(0)), BorrowKind::RefWrapper,
          Arg.getBeginLoc(), nullptr, Param, ParamIsPointer, &Arg);
      return;
    }
    if (isPointerLike(Plain->getType()) || isPointerLike(Arg.getType()))
      add(Resolver.pointees(&Arg), BorrowKind::PointerArgument,
          Arg.getBeginLoc(), nullptr, Param, true, &Arg);
  }

  llvm::SmallVector<Borrow, 4> take() { return std::move(Out); }

private:
  ReferentResolver Resolver;
  const bool EveryName;
  llvm::SmallVector<Borrow, 4> Out;
};

llvm::SmallVector<Borrow, 4> collectBorrows(const Launch &L,
                                            const FunctionDecl &Function,
                                            bool EveryName) {
  BorrowCollector Collector(Function, EveryName);
  if (L.Lambda)
    Collector.lambda(*L.Lambda);
  else if (L.Callable)
    Collector.argument(*L.Callable, nullptr); // std::ref(functor)
  const FunctionDecl *Runs = callableFunction(L);
  // `std::thread(&Worker::run, &w, args...)`: the first argument is the
  // object, the others go to the member function's parameters.
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Runs);
  const unsigned ObjectArguments =
      Method && !Method->isStatic() && !Method->getParent()->isLambda() ? 1 : 0;
  for (unsigned I = 0; I < L.Arguments.size(); ++I) {
    const ParmVarDecl *Param = nullptr;
    if (Runs && I >= ObjectArguments &&
        I - ObjectArguments < Runs->getNumParams())
      Param = Runs->getParamDecl(I - ObjectArguments);
    Collector.argument(*L.Arguments[I], Param);
  }
  return Collector.take();
}

} // namespace

llvm::SmallVector<Borrow, 4> findBorrows(const Launch &L,
                                         const FunctionDecl &Function) {
  return collectBorrows(L, Function, /*EveryName=*/false);
}

llvm::SmallVector<Borrow, 4> findBorrowNames(const Launch &L,
                                             const FunctionDecl &Function) {
  return collectBorrows(L, Function, /*EveryName=*/true);
}

llvm::SmallVector<Borrow, 2> objectsPointedToBy(const Expr &Value,
                                                const FunctionDecl &Function) {
  ReferentResolver Resolver(Function);
  const Expr *Plain = ignoreTemporaries(&Value);
  const auto *Call = dyn_cast<CallExpr>(Plain);
  // std::ref(x) refers to x itself: x is what is borrowed.
  const Referents Found =
      Call && isStdFunctionNamed(*Call, {"ref", "cref"}) && Call->getNumArgs() == 1
          ? Resolver.designated(Call->getArg(0))
          : Resolver.pointees(&Value);
  llvm::SmallVector<Borrow, 2> Out;
  for (const Referent &R : Found) {
    Borrow B;
    B.Object = R.Object;
    B.Owner = R.Owner;
    B.Via = R.Via == R.Object ? nullptr : R.Via;
    B.PointeeOfObject = R.PointeeOfObject;
    B.BoundFrom = &Value;
    Out.push_back(B);
  }
  return Out;
}

std::string borrowedName(const Borrow &B) {
  if (!B.Object)
    return "*this";
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  B.Object->printName(OS); // `[tx, rx]` for a structured binding
  return (B.PointeeOfObject ? "*" : "") + OS.str();
}

std::string borrowDescription(const Borrow &B) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  switch (B.Kind) {
  case BorrowKind::ReferenceCapture:
    OS << "by reference";
    break;
  case BorrowKind::PointerCapture:
  case BorrowKind::PointerArgument:
    if (B.Via)
      OS << "through '" << B.Via->getName() << "'";
    else
      OS << "through a pointer";
    break;
  case BorrowKind::RefWrapper:
    OS << "through std::ref";
    break;
  case BorrowKind::This:
    OS << "through 'this'";
    break;
  case BorrowKind::Message:
    OS << "through ";
    if (B.Via)
      OS << "'" << B.Via->getName() << "' in ";
    OS << "a message sent on '";
    if (B.SentOn)
      B.SentOn->printName(OS);
    OS << "'";
    break;
  }
  return Text;
}

} // namespace clang::tidy::fearless
