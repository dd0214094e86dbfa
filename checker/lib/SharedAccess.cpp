//===--- SharedAccess.cpp - who touches which shared object, how ----------===//

#include "fearless/checker/SharedAccess.h"
#include "fearless/checker/LLVMCompat.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/Borrows.h"
#include "fearless/checker/StatementContext.h"
#include "fearless/checker/Synchronization.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace clang::tidy::fearless {

namespace {

/// The loop around \p S inside its function, innermost, if any (not looking
/// past a lambda: a loop around a lambda does not repeat its body).
const Stmt *enclosingLoop(const Stmt &S, ASTContext &Context) {
  DynTypedNodeList Parents = parentsOf(Context, S);
  while (!Parents.empty()) {
    const DynTypedNode Parent = Parents[0];
    if (Parent.get<FunctionDecl>() || Parent.get<LambdaExpr>())
      return nullptr;
    if (const auto *Loop = Parent.get<Stmt>();
        Loop && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(Loop))
      return Loop;
    Parents = parentsOf(Context, Parent);
  }
  return nullptr;
}

bool isDeclaredInside(const ValueDecl *D, const Stmt *Scope,
                      ASTContext &Context) {
  if (!D || !Scope)
    return false;
  const SourceManager &SM = Context.getSourceManager();
  const SourceRange Range = Scope->getSourceRange();
  return !SM.isBeforeInTranslationUnit(D->getLocation(), Range.getBegin()) &&
         !SM.isBeforeInTranslationUnit(Range.getEnd(), D->getLocation());
}

bool usesVariableDeclaredInside(const Stmt *S, const Stmt *Loop,
                                ASTContext &Context) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
      Ref && isa<VarDecl>(Ref->getDecl()) &&
      isDeclaredInside(Ref->getDecl(), Loop, Context))
    return true;
  for (const Stmt *Child : S->children())
    if (usesVariableDeclaredInside(Child, Loop, Context))
      return true;
  return false;
}

/// `results[i]`, `&results[i]`, `std::ref(results[i])`, `results.at(i)`:
/// an element chosen by an index declared inside \p Loop (so each run of the
/// loop chooses its own).
bool isPerIterationElementExpr(const Expr *E, const Stmt *Loop,
                               ASTContext &Context) {
  if (!E || !Loop)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
      Call->getDirectCallee()->isInStdNamespace() &&
      Call->getDirectCallee()->getIdentifier() &&
      isOneOf({"ref", "cref"}, Call->getDirectCallee()->getName()))
    E = Call->getArg(0)->IgnoreParenImpCasts();
  const Expr *Index = nullptr;
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    Index = subscriptIndexOf(*Subscript);
  else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
           Operator && Operator->getOperator() == OO_Subscript &&
           Operator->getNumArgs() == 2)
    Index = Operator->getArg(1);
  else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
           Call && Call->getMethodDecl() &&
           Call->getMethodDecl()->getIdentifier() &&
           Call->getMethodDecl()->getName() == "at" && Call->getNumArgs() == 1)
    Index = Call->getArg(0);
  // `sums[i]`, `sums[&consumer - consumers]`: computed from the loop's own
  // variables.
  return Index && usesVariableDeclaredInside(Index, Loop, Context);
}

/// True when the name a callable uses is bound to this run's own element:
/// `auto &slot = results[i];` or the element variable of a range-for, both
/// declared in the launching loop, or an init-capture or argument that picks
/// an element by the loop's index.
bool isPerIterationElement(const Borrow &B, const Stmt *Loop,
                           ASTContext &Context) {
  if (!Loop || !B.Named)
    return false;
  if (isPerIterationElementExpr(B.BoundFrom, Loop, Context))
    return true;
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(Loop);
      RangeFor && RangeFor->getLoopVariable() == B.Named &&
      B.Named->getType()->isReferenceType())
    return true;
  if (!isDeclaredInside(B.Named, Loop, Context) || !B.Named->getInit())
    return false;
  if (B.Named->getType()->isReferenceType())
    return isPerIterationElementExpr(B.Named->getInit(), Loop, Context);
  // A pointer or iterator computed in the loop from the loop's own index
  // (`long *chunk = v.data() + c * n / k;`): each run gets its own part.
  return B.NamedIsPointer && usesVariableDeclaredInside(B.Named->getInit(), Loop,
                                                        Context);
}


/// A data member that is never racy data: it synchronizes itself (a mutex,
/// an atomic) or its accesses are checked by an annotation (GUARDED_BY).
bool isSynchronizedMember(const FieldDecl &Field,
                          const FunctionNameFilter *ExtraSyncTypes) {
  return isGuardedMember(Field) ||
         isSynchronizedType(Field.getType(), ExtraSyncTypes);
}

/// Applies the summary of the function that \p Target (a use of \p Base's
/// object, or a pointer to it when \p ThroughPointer) is handed to: each
/// access the callee makes to it becomes an access of \p Base's object, its
/// path extended, its locks joined with the callee's. Returns false when
/// \p Target is not handed to a function of ours (the caller judges the use
/// itself); true when it is, also when the callee is unknown (a method
/// defined in another translation unit, recursion): then nothing is added,
/// as the analysis says nothing at a call it cannot see.
bool expandCall(const Expr &Target, bool ThroughPointer,
                const SharedObjectAccess &Base, SummaryCache &Summaries,
                ASTContext &Context,
                llvm::function_ref<void(SharedObjectAccess)> Add) {
  const std::optional<CallBinding> Binding =
      bindingAtCall(Target, ThroughPointer, Context);
  if (!Binding)
    return false;
  const FunctionSummary *Callee = Summaries.summaryOf(*Binding->Callee);
  if (!Callee)
    return Binding->Root == SummaryRoot::This || Binding->Callee->hasBody();
  for (const SummaryAccess *Inner :
       SummaryCache::accessesThrough(*Callee, *Binding)) {
    SharedObjectAccess A = Base;
    llvm::append_range(A.FieldPath, Inner->Path);
    A.IsWrite = Inner->IsWrite;
    // Called on an element (`items[i].update()`): all of it is in the
    // element. Otherwise the part the callee touches of the container its
    // path ends at.
    A.ElementOnly = Base.Index != nullptr || Inner->ElementOnly;
    A.SizeQuery = Base.Index == nullptr && Inner->SizeQuery;
    A.PublishedThroughAtomics = Inner->PublishedThroughAtomics;
    for (const ValueDecl *Lock : Inner->Locks) {
      const ValueDecl *Here = lockAtCall(Lock, *cast<CallExpr>(Binding->Call),
                                         *Binding->Callee);
      if (!llvm::is_contained(A.Locks, Here))
        A.Locks.push_back(Here);
    }
    for (const ValueDecl *Lock : Inner->SharedLocks)
      A.SharedLocks.push_back(lockAtCall(
          Lock, *cast<CallExpr>(Binding->Call), *Binding->Callee));
    A.Via = Binding->Callee;
    Add(std::move(A));
  }
  return true;
}

/// The accesses to globals made inside the function \p Call calls, as
/// accesses at \p Call with \p Base's facts (locks held, waits).
void expandGlobals(const CallExpr &Call, const SharedObjectAccess &Base,
                   SummaryCache &Summaries,
                   llvm::function_ref<void(SharedObjectAccess)> Add) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Summaries.factsOf(*Callee).NamesGlobals)
    return;
  const FunctionSummary *Summary = Summaries.summaryOf(*Callee);
  if (!Summary)
    return;
  for (const SummaryAccess *Inner : SummaryCache::globalAccesses(*Summary)) {
    SharedObjectAccess A = Base;
    A.Object = Inner->Global;
    A.Where = &Call;
    A.FieldPath.assign(Inner->Path.begin(), Inner->Path.end());
    A.IsWrite = Inner->IsWrite;
    A.ElementOnly = Inner->ElementOnly;
    A.SizeQuery = Inner->SizeQuery;
    A.Pointee = Inner->Pointee;
    A.PublishedThroughAtomics = Inner->PublishedThroughAtomics;
    for (const ValueDecl *Lock : Inner->Locks) {
      const ValueDecl *Here = lockAtCall(Lock, Call, *Callee);
      if (!llvm::is_contained(A.Locks, Here))
        A.Locks.push_back(Here);
    }
    for (const ValueDecl *Lock : Inner->SharedLocks)
      A.SharedLocks.push_back(lockAtCall(Lock, Call, *Callee));
    A.Via = Callee;
    Add(std::move(A));
  }
}

/// `this` used other than to name a data member (`this->run()`, `run()`).
bool isThisOutsideMemberAccess(const Expr &E, ASTContext &Context) {
  if (!isa<CXXThisExpr>(E))
    return false;
  const auto [Parents, Child] = parentThroughParens(E, Context);
  const auto *Member = Parents.empty() ? nullptr : Parents[0].get<MemberExpr>();
  return !Member || !isa<FieldDecl>(Member->getMemberDecl());
}

/// True when \p Function joins or starts a thread (a stop() or start()
/// method): what it does is ordered with the thread by that.
bool joinsOrStartsThreads(const FunctionDecl &Function, unsigned Depth,
                          llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen) {
  if (!Seen.insert(&Function).second)
    return false; // walked already for this question
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        if (Callee->getIdentifier())
          Found = isOneOf({"join", "pthread_join", "pthread_create", "detach",
                           "request_stop"},
                          Callee->getName());
        // `reset()` → `reset_pool()` → join, create: through the functions
        // it calls (not the standard library's), a few calls deep.
        const FunctionDecl *Definition = nullptr;
        if (!Found && Depth < 3 && !Callee->isInStdNamespace() &&
            Callee->hasBody(Definition))
          Found = joinsOrStartsThreads(*Definition, Depth + 1, Seen);
      }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      Found |= isThreadLaunchingConstruction(*Construct);
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Function.getBody());
  return Found;
}

bool joinsOrStartsThreads(const FunctionDecl &Function) {
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  return joinsOrStartsThreads(Function, 0, Seen);
}

/// A class that says it is used from several threads: it has a member that
/// synchronizes (a mutex, an atomic, a condition variable) or a GUARDED_BY
/// member.
bool hasSynchronizingMember(const CXXRecordDecl &Class,
                            const FunctionNameFilter *ExtraSyncTypes) {
  return llvm::any_of(Class.fields(), [&](const FieldDecl *Field) {
    return isGuardedMember(*Field) ||
           isSynchronizedType(Field->getType(), ExtraSyncTypes);
  });
}

/// A local variable that stands for the heap object it points to: a raw
/// pointer initialised with a new-expression, or a std::shared_ptr (whose
/// copies all share one pointee).
bool isHeapPointer(const VarDecl &Var) {
  if (!Var.hasLocalStorage())
    return false;
  const QualType Type = Var.getType().getNonReferenceType();
  if (isStdNamed(Type->getAsCXXRecordDecl(), {"shared_ptr"}))
    return !isa<ParmVarDecl>(Var);
  if (!Type->isPointerType() || !Var.getInit())
    return false;
  return isa<CXXNewExpr>(Var.getInit()->IgnoreParenCasts());
}

/// The type of the object a heap pointer points to.
QualType heapObjectType(const VarDecl &Var) {
  const QualType Type = Var.getType().getNonReferenceType();
  if (Type->isPointerType())
    return Type->getPointeeType();
  return containerElementType(Type); // shared_ptr<T>: T
}

/// `delete p` on the pointer \p E: the end of the object's life, a write.
bool isDeleted(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  return !Parents.empty() && Parents[0].get<CXXDeleteExpr>();
}

/// `std::thread(Worker{...})`, `std::async(policy, task)`: the call
/// operator of a function object (not a lambda, not a standard wrapper such
/// as std::function), which runs on the thread's own copy of the object:
/// its members are not shared, what it reaches through them or as globals
/// may be.
const FunctionDecl *functorCallOperator(const Launch &L) {
  if (L.Lambda || !L.Callable)
    return nullptr;
  const CXXRecordDecl *Record =
      L.Callable->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition() || Record->isLambda() ||
      Record->isInStdNamespace())
    return nullptr;
  const FunctionDecl *Found = nullptr;
  for (const CXXMethodDecl *Method : Record->getDefinition()->methods())
    if (Method->getOverloadedOperator() == OO_Call) {
      if (Found)
        return nullptr; // overloaded: which one runs is the library's choice
      Found = Method;
    }
  const FunctionDecl *Definition = nullptr;
  return Found && Found->hasBody(Definition) ? Definition : nullptr;
}

/// The waits in \p Body: the wait calls themselves, and the calls of
/// functions of ours that wait (`wait_for_workers()` around a latch).
llvm::SmallVector<SourceLocation, 4> waitsWithCallees(const Stmt *Body,
                                                      bool SkipLambdas,
                                                      ASTContext &Context,
                                                      SummaryCache &Summaries) {
  llvm::SmallVector<SourceLocation, 4> Waits =
      waitsIn(Body, SkipLambdas, Context);
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || (SkipLambdas && isa<LambdaExpr>(S)))
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *Callee = Call->getDirectCallee();
          Callee && Summaries.factsOf(*Callee).Waits)
        Waits.push_back(Call->getBeginLoc());
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
  return Waits;
}

/// A builder-style member function (`Client &on_message(Handler h)`,
/// returning the object itself): configuration, called before the object
/// starts its threads.
bool isBuilderStyle(const CXXMethodDecl &Method) {
  const QualType Returned = Method.getReturnType();
  return Returned->isReferenceType() &&
         Returned.getNonReferenceType()->getAsCXXRecordDecl() ==
             Method.getParent();
}

/// [intro.memory]: a maximal sequence of adjacent bit-fields (of non-zero
/// width) is one memory location. True when \p A and \p B are such
/// neighbours, or the same member.
bool shareAMemoryLocation(const FieldDecl &A, const FieldDecl &B) {
  if (&A == &B)
    return true;
  if (!A.isBitField() || !B.isBitField() || A.getParent() != B.getParent())
    return false;
  // Walk the members between them: a member that is not a bit-field, or a
  // zero-width bit-field, starts a new location.
  const unsigned First = std::min(A.getFieldIndex(), B.getFieldIndex());
  const unsigned Last = std::max(A.getFieldIndex(), B.getFieldIndex());
  for (const FieldDecl *Field : A.getParent()->fields()) {
    const unsigned Index = Field->getFieldIndex();
    if (Index < First || Index > Last)
      continue;
    if (!Field->isBitField() || compat::isZeroLengthBitField(*Field))
      return false;
  }
  return true;
}

/// std::vector<bool>: its elements are bits packed into shared words.
bool isPackedBitVector(const ValueDecl &Object) {
  QualType Type = Object.getType().getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  if (!isStdNamed(Type->getAsCXXRecordDecl(), {"vector"}))
    return false;
  const QualType Element = containerElementType(Type);
  return !Element.isNull() && Element->isBooleanType();
}

/// Where a use \p E of a shared object lands: the member path below the
/// object and the element index are recorded in \p Access; the result is
/// the expression whose use decides read or write (the outermost member
/// access, or \p E) and whether it still goes through the pointer.
struct AccessTarget {
  const Expr *Target;
  bool ThroughPointer;
};
std::optional<AccessTarget> locateTarget(const Expr &E, bool ThroughPointer,
                                         ASTContext &Context,
                                         const FunctionNameFilter *ExtraSyncTypes,
                                         SharedObjectAccess &Access) {
  const MemberExpr *Member =
      memberPathOf(E, ThroughPointer, Context, Access.FieldPath);
  // `items[i].a`: the members of an element (other members of the same
  // element are other memory locations).
  if (const Expr *Element = Member ? nullptr : elementOf(E, Context))
    Member = memberPathOf(*Element, /*ThroughPointer=*/false, Context,
                          Access.FieldPath);
  // A synchronizing member (a mutex, an atomic) is never a race, and other
  // members are other data.
  for (const FieldDecl *Field : Access.FieldPath)
    if (isSynchronizedMember(*Field, ExtraSyncTypes))
      return std::nullopt;
  if (Member && isAtomicAccess(*Member, Context))
    return std::nullopt;
  Access.Index = subscriptIndex(E, Context);
  Access.ConstantIndex = constantValue(Access.Index, Context);
  if (Member)
    return AccessTarget{Member, /*ThroughPointer=*/false};
  return AccessTarget{&E, ThroughPointer};
}

/// The use of a shared object at the root of `workers_[id].field`,
/// `results[i]`, `shared.config`: the member access on `this`, or the
/// variable; null for other shapes (through a pointer, a call).
const Expr *rootUseOf(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
        return Member;
      if (Member->isArrow())
        return nullptr;
      E = Member->getBase();
      continue;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
        Operator && Operator->getOperator() == OO_Subscript &&
        Operator->getNumArgs() == 2) {
      E = Operator->getArg(0);
      continue;
    }
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      const Expr *Base = subscriptedObject(*Subscript)->IgnoreParenImpCasts();
      if (!Base->getType()->isArrayType())
        return nullptr; // through a pointer
      E = Base;
      continue;
    }
    return isa<DeclRefExpr>(E) ? E : nullptr;
  }
  return nullptr;
}

/// `workers_[i].thread = std::thread(...)`: the assignment that stores the
/// thread a launch starts into its holder. Storing the handle is part of
/// starting the thread, not a use of the holder's neighbours.
const Expr *holderAssignment(const Expr &Site, ASTContext &Context) {
  const Expr *Child = &Site;
  DynTypedNodeList Parents = parentsOf(Context, Site);
  for (unsigned Depth = 0; !Parents.empty() && Depth < 8; ++Depth) {
    const auto *Parent = Parents[0].get<Expr>();
    if (!Parent)
      return nullptr;
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Parent))
      return Operator->getOperator() == OO_Equal &&
                     Operator->getNumArgs() == 2 && Operator->getArg(1) == Child
                 ? Operator
                 : nullptr;
    if (const auto *Binary = dyn_cast<BinaryOperator>(Parent))
      return Binary->getOpcode() == BO_Assign && Binary->getRHS() == Child
                 ? Binary
                 : nullptr;
    const auto *Copy = dyn_cast<CXXConstructExpr>(Parent);
    if (!isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
             CXXBindTemporaryExpr, CXXFunctionalCastExpr, ExprWithCleanups>(
            Parent) &&
        !(Copy && Copy->getNumArgs() == 1))
      return nullptr;
    Child = Parent;
    Parents = parentsOf(Context, *Parent);
  }
  return nullptr;
}

} // namespace

bool isBeforeThisIterationsLaunch(const SharedObjectAccess &P, const Launch &L,
                                  ASTContext &Context) {
  const Stmt *Loop = enclosingLoop(*L.Site, Context);
  const auto *Ref =
      P.Index ? dyn_cast<DeclRefExpr>(P.Index->IgnoreParenImpCasts()) : nullptr;
  return Loop && Ref && isDeclaredInside(Ref->getDecl(), Loop, Context) &&
         Context.getSourceManager().isBeforeInTranslationUnit(
             P.Where->getBeginLoc(), L.Site->getBeginLoc()) &&
         !Context.getSourceManager().isBeforeInTranslationUnit(
             P.Where->getBeginLoc(), Loop->getBeginLoc());
}

CallableAccesses findCallableAccesses(const Launch &L,
                                      const FunctionDecl &Function,
                                      ASTContext &Context,
                                      const FunctionNameFilter *ExtraSyncTypes,
                                      SummaryCache &Summaries) {
  CallableAccesses Result;
  const FunctionDecl *Runs = callableFunction(L);
  // `std::thread(&Worker::run, &w, args...)`: the object comes first.
  const auto *RunsMethod = dyn_cast_or_null<CXXMethodDecl>(Runs);
  const unsigned ObjectArguments = RunsMethod && !RunsMethod->isStatic() &&
                                           !RunsMethod->getParent()->isLambda()
                                       ? 1
                                       : 0;
  if (!Runs)
    Runs = functorCallOperator(L);
  const Stmt *Body = Runs ? Runs->getBody() : nullptr;
  if (!Body)
    return Result;
  MutationAnalyzer Analyzer(*Body, Context);
  const Stmt *Loop = enclosingLoop(*L.Site, Context);

  // How the body names each shared object.
  struct Name {
    const ValueDecl *Object;
    bool ThroughPointer;
    bool PerRunElement; ///< a reference to this run's own element
  };
  llvm::DenseMap<const VarDecl *, Name> Names;
  bool ThisShared = false;
  for (const Borrow &B : findBorrowNames(L, Function)) {
    if (B.Kind == BorrowKind::This) {
      ThisShared = true;
      continue;
    }
    if (!B.Object || !B.Named ||
        isSynchronizedType(B.Object->getType(), ExtraSyncTypes))
      continue;
    // A heap pointer borrowed by reference: its uses reach the pointee.
    const bool HeapByReference = !B.NamedIsPointer && isHeapPointer(*B.Object);
    if (HeapByReference &&
        isSynchronizedType(heapObjectType(*B.Object), ExtraSyncTypes))
      continue;
    Names[B.Named] = {B.Object, B.NamedIsPointer || HeapByReference,
                      isPerIterationElement(B, Loop, Context)};
    Result.SharedAt.try_emplace(B.Object, B.Location);
    if (!L.ManyInstances && isDeclaredInside(B.Object, Loop, Context) &&
        !llvm::is_contained(Result.PerRun, B.Object))
      Result.PerRun.push_back(B.Object);
  }

  // A heap object reached through a copy of the pointer to it: `[p]`, or
  // the argument of a thread's function. The pointer variable stands for
  // the allocation.
  auto ShareHeapObject = [&](const VarDecl *Named, const VarDecl *Pointer,
                             SourceLocation At) {
    if (!Named || !isHeapPointer(*Pointer) || Names.count(Named) ||
        isSynchronizedType(heapObjectType(*Pointer), ExtraSyncTypes))
      return;
    Names[Named] = {Pointer, /*ThroughPointer=*/true, false};
    Result.SharedAt.try_emplace(Pointer, At);
    if (!L.ManyInstances && isDeclaredInside(Pointer, Loop, Context) &&
        !llvm::is_contained(Result.PerRun, Pointer))
      Result.PerRun.push_back(Pointer);
  };
  if (L.Lambda)
    for (const LambdaCapture &Capture : L.Lambda->captures())
      if (Capture.capturesVariable() &&
          Capture.getCaptureKind() == LCK_ByCopy)
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          ShareHeapObject(Var, Var, Capture.getLocation());
  if (!L.Lambda && Runs)
    for (unsigned I = ObjectArguments;
         I < L.Arguments.size() && I - ObjectArguments < Runs->getNumParams();
         ++I)
      if (const auto *Ref = dyn_cast<DeclRefExpr>(
              L.Arguments[I]->IgnoreParenImpCasts()))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          ShareHeapObject(Runs->getParamDecl(I - ObjectArguments), Var,
                          Ref->getLocation());

  // A local pointer the body copies a pointer to the object into (a start
  // routine's `struct job *j = arg;`) names the same object; each use of
  // the copy is an access where it is made, under the locks held there.
  for (unsigned Round = 0; Round < 4; ++Round) {
    bool Grew = false;
    forEachUse(Body, [&](const Expr &E) {
      const auto *Ref = dyn_cast<DeclRefExpr>(&E);
      const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      auto It = Var ? Names.find(Var) : Names.end();
      if (It == Names.end() || !It->second.ThroughPointer)
        return;
      if (const VarDecl *Copy = pointerCopiedInto(E, Context);
          Copy && !Names.count(Copy)) {
        const Name Same = It->second;
        Names[Copy] = Same;
        Grew = true;
      }
    });
    if (!Grew)
      break;
  }

  // Is the index of `x[i]` different in each concurrent run?
  // Is a variable's value different in each concurrent run? A parameter of
  // the callable (a parallel element), or a copy of a variable declared in
  // the launching loop (its index, or a bound computed from it).
  auto IsPerRunValue = [&](const VarDecl *Var) {
    if (const auto *Param = dyn_cast<ParmVarDecl>(Var))
      if (Runs && Param->getDeclContext() == Runs)
        return true;
    // The element reference of the launching range-for: each iteration
    // binds another element (`sums[&consumer - consumers]`).
    if (const auto *RangeFor = dyn_cast_or_null<CXXForRangeStmt>(Loop);
        RangeFor && RangeFor->getLoopVariable() == Var &&
        Var->getType()->isReferenceType())
      return true;
    if (!L.Lambda || !Loop)
      return false;
    for (const LambdaCapture &Capture : L.Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
        return Capture.getCaptureKind() == LCK_ByCopy &&
               isDeclaredInside(Var, Loop, Context);
    return false;
  };
  // A local loop of the callable over a per-run range (`for (i = begin; i <
  // end; ++i)` with `begin` and `end` copied per run): the band partition.
  auto IsPerRunBandIndex = [&](const VarDecl *Var) {
    if (!Var->getInit() || !isDeclaredInside(Var, Body, Context))
      return false;
    bool UsesPerRun = false;
    forEachUse(Var->getInit(), [&](const Expr &Use) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(&Use))
        if (const auto *Source = dyn_cast<VarDecl>(Ref->getDecl()))
          UsesPerRun |= IsPerRunValue(Source);
    });
    return UsesPerRun;
  };
  // The index of `x[i]`, `x[y * w + x0]`, `x[static_cast<size_t>(i)]`: it
  // differs between runs when it is computed from a per-run value.
  auto IsPerRunIndex = [&](const Expr *Index) {
    if (!Index)
      return false;
    bool PerRun = false;
    forEachUse(Index, [&](const Expr &Use) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(&Use))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          PerRun |= IsPerRunValue(Var) || IsPerRunBandIndex(Var);
    });
    return PerRun;
  };

  // Local references the body binds to a part of a shared object
  // (`Worker &me = workers_[id];`, `auto &slot = results[i];`,
  // `auto &cfg = shared.config;`): each use of one is an access to that
  // part, and binding the reference touches nothing.
  struct Alias {
    const ValueDecl *Object = nullptr;
    llvm::SmallVector<const FieldDecl *, 2> Path;
    const Expr *Index = nullptr;
  };
  llvm::DenseMap<const VarDecl *, Alias> Aliases;
  llvm::SmallPtrSet<const Expr *, 4> AliasRoots;
  forEachUse(Body, [&](const Expr &E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(&E);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || Aliases.count(Var) || Names.count(Var) ||
        !Var->getType()->isReferenceType() || !Var->getInit() ||
        isa<ParmVarDecl>(Var) || !isDeclaredInside(Var, Body, Context))
      return;
    const Expr *Init = Var->getInit()->IgnoreParenImpCasts();
    const Expr *Root = rootUseOf(Init);
    if (!Root)
      return;
    Alias A;
    if (const auto *Member = dyn_cast<MemberExpr>(Root)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!ThisShared || !Field || isSynchronizedMember(*Field, ExtraSyncTypes))
        return;
      A.Object = Field;
    } else {
      const auto *Named = dyn_cast<VarDecl>(cast<DeclRefExpr>(Root)->getDecl());
      auto It = Named ? Names.find(Named) : Names.end();
      if (It == Names.end() || It->second.ThroughPointer)
        return;
      A.Object = It->second.Object;
    }
    SharedObjectAccess Part;
    const std::optional<AccessTarget> Located =
        locateTarget(*Root, /*ThroughPointer=*/false, Context, ExtraSyncTypes,
                     Part);
    if (!Located)
      return;
    const Expr *Bound = Located->Target;
    if (Bound == Root)
      if (const Expr *Element = elementOf(*Root, Context))
        Bound = Element;
    if (Bound->IgnoreParenImpCasts() != Init)
      return;
    A.Path = Part.FieldPath;
    A.Index = Part.Index;
    AliasRoots.insert(Root);
    Aliases[Var] = std::move(A);
  });

  const llvm::SmallVector<SourceLocation, 4> Waits =
      waitsWithCallees(Body, /*SkipLambdas=*/false, Context, Summaries);
  // The facts of an access that depend only on where it is made.
  auto Place = [&](const Expr &E, SharedObjectAccess &Access) {
    Access.Where = &E;
    Access.AfterWait =
        isAfterAny(E.getBeginLoc(), Waits, Context.getSourceManager());
    Access.Locks = locksHeld(E, *Body, Context, &Access.SharedLocks);
  };
  auto Keep = [&](SharedObjectAccess A) {
    Result.Accesses.push_back(std::move(A));
  };
  forEachUse(Body, [&](const Expr &E) {
    if (!isa<CallExpr, CXXThisExpr, DeclRefExpr, MemberExpr>(E) ||
        isInUnevaluatedContext(E, Context) || isInsideCallOnce(E, Context))
      return;
    // What called functions do to globals.
    if (const auto *Call = dyn_cast<CallExpr>(&E)) {
      SharedObjectAccess Base;
      Place(E, Base);
      expandGlobals(*Call, Base, Summaries, [&](SharedObjectAccess A) {
        if (!isSharedMutableGlobal(*cast<VarDecl>(A.Object), ExtraSyncTypes))
          return;
        Result.SharedAt.try_emplace(A.Object, E.getBeginLoc());
        Keep(std::move(A));
      });
    }
    // `this->run()` on a shared `*this`: the members run() touches.
    if (ThisShared && isThisOutsideMemberAccess(E, Context)) {
      SharedObjectAccess Base;
      Place(E, Base);
      expandCall(E, /*ThroughPointer=*/true, Base, Summaries, Context,
                 [&](SharedObjectAccess A) {
                   if (A.FieldPath.empty() ||
                       isSynchronizedMember(*A.FieldPath.front(), ExtraSyncTypes))
                     return;
                   A.Object = A.FieldPath.front();
                   A.FieldPath.erase(A.FieldPath.begin());
                   Result.SharedAt.try_emplace(A.Object, E.getBeginLoc());
                   Keep(std::move(A));
                 });
      return;
    }
    if (AliasRoots.contains(&E))
      return; // binds a reference; its uses are the accesses
    const ValueDecl *Object = nullptr;
    bool ThroughPointer = false;
    bool PerRunElement = false;
    bool Pointee = false;
    const Alias *Through = nullptr;
    std::optional<BindingPart> Part;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(&E)) {
      // A structured binding names a part of the object it decomposes.
      if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl()))
        Part = bindingPart(*Binding);
      const auto *Var =
          Part ? Part->Storage : dyn_cast<VarDecl>(Ref->getDecl());
      if (!Var)
        return;
      if (auto It = Aliases.find(Var); It != Aliases.end()) {
        Through = &It->second;
        Object = Through->Object;
        Result.SharedAt.try_emplace(Object, Ref->getLocation());
      } else if (auto It = Names.find(Var); It != Names.end()) {
        // Copying the pointer reads nothing it points to; the copy's uses
        // are the accesses.
        if (It->second.ThroughPointer && pointerCopiedInto(E, Context))
          return;
        Object = It->second.Object;
        ThroughPointer = It->second.ThroughPointer;
        PerRunElement = It->second.PerRunElement;
      } else if (!Var->hasLocalStorage()) {
        // A global or static: shared with everyone, unless per thread,
        // immutable or synchronized.
        if (!isSharedMutableGlobal(*Var, ExtraSyncTypes))
          return;
        // A global pointer: `*g`, `g->x` reach what it points to.
        Pointee = Var->getType()->isPointerType() && dereferenceOf(E, Context);
        if (!Pointee && Var->getType().isConstQualified())
          return;
        ThroughPointer = Pointee;
        Object = Var;
        Result.SharedAt.try_emplace(Var, Ref->getLocation());
      }
    } else if (const auto *Member = dyn_cast<MemberExpr>(&E)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!ThisShared || !Field ||
          !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()) ||
          isSynchronizedMember(*Field, ExtraSyncTypes))
        return;
      Object = Field;
      Result.SharedAt.try_emplace(Field, Member->getMemberLoc());
    }
    if (!Object || isAtomicAccess(E, Context))
      return;
    if (onlyComputesAddress(E, Context))
      return;
    SharedObjectAccess Access;
    Access.Object = Object;
    Access.Pointee = Pointee;
    Place(E, Access);
    if (Through)
      Access.FieldPath = Through->Path;
    if (Part)
      Access.FieldPath.assign(Part->Path.begin(), Part->Path.end());
    const std::optional<AccessTarget> Located =
        locateTarget(E, ThroughPointer, Context, ExtraSyncTypes, Access);
    if (!Located)
      return;
    const Expr &Target = *Located->Target;
    const bool TargetThroughPointer = Located->ThroughPointer;
    if (const Expr *PartIndex =
            Through ? Through->Index : Part ? Part->Index : nullptr;
        PartIndex && !Access.Index) {
      Access.Index = PartIndex;
      Access.ConstantIndex = constantValue(Access.Index, Context);
    }
    // The elements of a std::vector<bool> are bits of shared words: one
    // memory location for many indices.
    Access.Disjoint = (PerRunElement || IsPerRunIndex(Access.Index)) &&
                      !isPackedBitVector(*Object);
    // A call of one of our functions: what that function does to the object.
    if (expandCall(Target, TargetThroughPointer, Access, Summaries, Context,
                   Keep))
      return;
    if (TargetThroughPointer && !dereferenceOf(Target, Context) &&
        !isDeleted(Target, Context) && isa<DeclRefExpr>(Target) &&
        isa<VarDecl>(Object) && isHeapPointer(*cast<VarDecl>(Object)) &&
        !isWritten(Analyzer, Target, true, Context, *Body))
      return; // the pointer's value, not the object
    Access.IsWrite =
        isDeleted(Target, Context) ||
        isWritten(Analyzer, Target, TargetThroughPointer, Context, *Body);
    if (!classifyContainerAccess(Access, Context))
      return; // an element that synchronizes itself
    // Through a reference to an element: that element.
    if (Through && Through->Index)
      Access.ElementOnly = true;
    // Through a pointer or iterator into a container: its elements.
    if (ThroughPointer && isSequenceContainer(Object->getType()))
      Access.ElementOnly = true;
    Result.Accesses.push_back(std::move(Access));
  });
  return Result;
}

llvm::SmallVector<SharedObjectAccess, 8> findFunctionAccesses(
    const FunctionDecl &Function, llvm::ArrayRef<const ValueDecl *> Objects,
    llvm::ArrayRef<Launch> Launches, ASTContext &Context,
    SummaryCache &Summaries,
    llvm::function_ref<bool(const Expr &)> MayRunConcurrently) {
  llvm::SmallVector<SharedObjectAccess, 8> Result;
  const Stmt *Body = Function.getBody();
  if (!Body || Objects.empty())
    return Result;
  MutationAnalyzer Analyzer(*Body, Context);

  // The launch expressions hand objects over (`std::ref(x)`, `&x`); they
  // are not accesses of the launching function.
  llvm::SmallPtrSet<const Stmt *, 8> Skip;
  for (const Launch &L : Launches) {
    Skip.insert(L.Site);
    if (const Expr *Store = holderAssignment(*L.Site, Context))
      Skip.insert(Store);
  }
  const llvm::SmallVector<SourceLocation, 4> Waits =
      waitsWithCallees(Body, /*SkipLambdas=*/true, Context, Summaries);

  auto Place = [&](const Expr &E, SharedObjectAccess &Access) {
    Access.Where = &E;
    Access.Locks = locksHeld(E, *Body, Context, &Access.SharedLocks);
    Access.WaitBefore =
        lastBefore(E.getBeginLoc(), Waits, Context.getSourceManager());
  };
  auto KeepIfShared = [&](SharedObjectAccess A) {
    if (llvm::is_contained(Objects, A.Object))
      Result.push_back(std::move(A));
  };
  std::function<void(const Expr &)> judge;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Skip.contains(S) || isa<LambdaExpr>(S))
      return;
    if (isa<UnaryExprOrTypeTraitExpr, CXXTypeidExpr, CXXNoexceptExpr>(S))
      return; // never evaluated
    // Whether a launched callable may run at E is asked first: that test
    // stops at the nearest statement of the CFG, while the unevaluated-
    // context test climbs to the function. Skipping E here is exact because
    // every access judge() finds is placed at E (Place).
    if (const auto *E = dyn_cast<Expr>(S);
        E && isa<CallExpr, CXXThisExpr, DeclRefExpr, MemberExpr>(E) &&
        MayRunConcurrently(*E) && !isInUnevaluatedContext(*E, Context))
      judge(*E);
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  judge = [&](const Expr &E) {
    // What called functions do to globals.
    if (const auto *Call = dyn_cast<CallExpr>(&E)) {
      SharedObjectAccess Base;
      Place(E, Base);
      expandGlobals(*Call, Base, Summaries, KeepIfShared);
    }
    // `this->helper()`: the shared members helper() touches.
    if (isThisOutsideMemberAccess(E, Context)) {
      SharedObjectAccess Base;
      Place(E, Base);
      expandCall(E, /*ThroughPointer=*/true, Base, Summaries, Context,
                 [&](SharedObjectAccess A) {
                   if (A.FieldPath.empty())
                     return;
                   A.Object = A.FieldPath.front();
                   A.FieldPath.erase(A.FieldPath.begin());
                   KeepIfShared(std::move(A));
                 });
      return;
    }
    const ValueDecl *Object = nullptr;
    std::optional<BindingPart> Part;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(&E)) {
      Object = Ref->getDecl();
      // A structured binding names a part of the object it decomposes.
      if (const auto *Binding = dyn_cast<BindingDecl>(Object)) {
        Part = bindingPart(*Binding);
        Object = Part ? Part->Storage : nullptr;
      }
    }
    else if (const auto *Member = dyn_cast<MemberExpr>(&E);
             Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      Object = Member->getMemberDecl();
    if (!Object || !llvm::is_contained(Objects, Object) ||
        isAtomicAccess(E, Context))
      return;
    // A heap object is named by the pointer to it: only what is done
    // through the pointer touches it.
    const auto *Var = dyn_cast<VarDecl>(Object);
    const bool Pointee = Var && !Var->hasLocalStorage() &&
                         Var->getType()->isPointerType() &&
                         dereferenceOf(E, Context);
    const bool ThroughPointer = Pointee || (Var && isHeapPointer(*Var));
    if (onlyComputesAddress(E, Context))
      return;
    SharedObjectAccess Access;
    Access.Object = Object;
    Access.Pointee = Pointee;
    Place(E, Access);
    if (Part)
      Access.FieldPath.assign(Part->Path.begin(), Part->Path.end());
    const std::optional<AccessTarget> Located =
        locateTarget(E, ThroughPointer, Context, nullptr, Access);
    if (!Located)
      return;
    if (Part && Part->Index && !Access.Index) {
      Access.Index = Part->Index;
      Access.ConstantIndex = constantValue(Access.Index, Context);
    }
    const Expr &Target = *Located->Target;
    const bool TargetThroughPointer = Located->ThroughPointer;
    if (expandCall(Target, TargetThroughPointer, Access, Summaries, Context,
                   [&](SharedObjectAccess A) { Result.push_back(std::move(A)); }))
      return;
    if (onlyFormsReference(E, Context))
      return;
    if (TargetThroughPointer && !dereferenceOf(Target, Context) &&
        !isDeleted(Target, Context))
      return; // the pointer's value (a copy, a comparison), not the object
    Access.IsWrite =
        isDeleted(Target, Context) ||
        isWritten(Analyzer, Target, TargetThroughPointer, Context, *Body);
    if (classifyContainerAccess(Access, Context))
      Result.push_back(std::move(Access));
  };
  Walk(Body);
  return Result;
}

llvm::SmallVector<SharedObjectAccess, 8>
findPublicMethodAccesses(const CXXMethodDecl &Launcher,
                         llvm::ArrayRef<const ValueDecl *> Objects,
                         SummaryCache &Summaries,
                         const FunctionNameFilter *ExtraSyncTypes) {
  llvm::SmallVector<SharedObjectAccess, 8> Result;
  const CXXRecordDecl *Class = Launcher.getParent();
  if (!Class || !Class->hasDefinition() ||
      !hasSynchronizingMember(*Class, ExtraSyncTypes))
    return Result;
  for (const CXXMethodDecl *Method : Class->methods()) {
    const FunctionDecl *Definition = nullptr;
    if (Method->getAccess() != AS_public || Method->isStatic() ||
        isa<CXXConstructorDecl, CXXDestructorDecl, CXXConversionDecl>(Method) ||
        Method->isOverloadedOperator() || Method->isImplicit() ||
        Method->getCanonicalDecl() == Launcher.getCanonicalDecl() ||
        !Method->hasBody(Definition) || joinsOrStartsThreads(*Definition) ||
        isBuilderStyle(*Method))
      continue;
    const FunctionSummary *Summary = Summaries.summaryOf(*Definition);
    if (!Summary)
      continue;
    for (const SummaryAccess &A : Summary->Accesses) {
      if (A.Root != SummaryRoot::This || A.Path.empty() ||
          !llvm::is_contained(Objects, A.Path.front()) || !A.Where)
        continue;
      SharedObjectAccess Access;
      Access.Object = A.Path.front();
      Access.FieldPath.assign(A.Path.begin() + 1, A.Path.end());
      Access.Where = A.Where;
      Access.IsWrite = A.IsWrite;
      Access.ElementOnly = A.ElementOnly;
      Access.SizeQuery = A.SizeQuery;
      Access.PublishedThroughAtomics = A.PublishedThroughAtomics;
      Access.Locks.assign(A.Locks.begin(), A.Locks.end());
      Access.SharedLocks.assign(A.SharedLocks.begin(), A.SharedLocks.end());
      Access.Via = Method;
      Result.push_back(std::move(Access));
    }
  }
  return Result;
}

bool bothPublishedThroughAtomics(const SharedObjectAccess &A,
                                 const SharedObjectAccess &B) {
  return A.PublishedThroughAtomics && B.PublishedThroughAtomics;
}

bool touchDifferentParts(const SharedObjectAccess &A,
                         const SharedObjectAccess &B) {
  // What a global pointer points to, and the pointer itself: only a write
  // of the pointer conflicts with a use of the pointee.
  if (A.Pointee != B.Pointee)
    return !(A.Pointee ? B : A).IsWrite;
  for (unsigned I = 0; I < A.FieldPath.size() && I < B.FieldPath.size(); ++I)
    if (A.FieldPath[I] != B.FieldPath[I])
      return !shareAMemoryLocation(*A.FieldPath[I], *B.FieldPath[I]);
  // Two different constant elements of an array or a vector (not a map,
  // whose operator[] inserts; not a std::vector<bool>, whose elements share
  // their words).
  if (A.ElementOnly && B.ElementOnly && A.ConstantIndex && B.ConstantIndex &&
      *A.ConstantIndex != *B.ConstantIndex && !isPackedBitVector(*A.Object))
    return true;
  return (A.ElementOnly && B.SizeQuery) || (A.SizeQuery && B.ElementOnly);
}

bool shareALock(const SharedObjectAccess &A, const SharedObjectAccess &B) {
  // Two readers of one read-write lock hold it together: it keeps a writer
  // out, not the other reader (a write under a read lock still races).
  for (const ValueDecl *Lock : A.Locks)
    if (llvm::is_contained(B.Locks, Lock) &&
        !(llvm::is_contained(A.SharedLocks, Lock) &&
          llvm::is_contained(B.SharedLocks, Lock)))
      return true;
  return false;
}

} // namespace clang::tidy::fearless

