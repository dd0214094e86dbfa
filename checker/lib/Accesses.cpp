//===--- Accesses.cpp - what one use of an object does to it --------------===//

#include "fearless/checker/Accesses.h"
#include "fearless/checker/FunctionSummary.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/Synchronization.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::fearless {

/// The parents of \p E above every parent that \p PassesThrough accepts,
/// and the expression right below them (\p E itself, or the outermost
/// expression passed through). Each use below climbs through the wrappers
/// that do not change what the use does to the object.
static std::pair<DynTypedNodeList, const Expr *>
climbThrough(const Expr &E, ASTContext &Context,
             llvm::function_ref<bool(const DynTypedNode &)> PassesThrough) {
  const Expr *Child = &E;
  DynTypedNodeList Parents = parentsOf(Context, E);
  while (!Parents.empty() && PassesThrough(Parents[0])) {
    const Expr *Next = Parents[0].get<Expr>();
    if (!Next)
      break;
    Child = Next;
    Parents = parentsOf(Context, *Child);
  }
  return {Parents, Child};
}

static bool isImplicitCastOrParen(const DynTypedNode &Node) {
  return Node.get<ImplicitCastExpr>() || Node.get<ParenExpr>();
}

/// Any cast, explicit too: what is copied or passed is the same pointer.
static bool isCastOrParen(const DynTypedNode &Node) {
  return isImplicitCastOrParen(Node) || Node.get<ExplicitCastExpr>();
}

/// Implicit casts, parentheses and the temporaries a by-value class
/// argument is made of (an iterator, a bit proxy).
static bool isTemporaryWrapper(const DynTypedNode &Node) {
  return isImplicitCastOrParen(Node) || Node.get<MaterializeTemporaryExpr>() ||
         Node.get<CXXBindTemporaryExpr>();
}

/// The parents of \p E above any implicit casts and parentheses, and the
/// expression right below them (\p E itself, or its outermost cast).
std::pair<DynTypedNodeList, const Expr *> parentThroughParens(const Expr &E,
                                                             ASTContext &Context) {
  return climbThrough(E, Context, isImplicitCastOrParen);
}

/// Like parentThroughParens, and also through explicit casts from pointer
/// to pointer: `((int *)arg)[0]`, `static_cast<job *>(arg)->done` use what
/// `arg` points to.
static std::pair<DynTypedNodeList, const Expr *>
parentThroughPointerCasts(const Expr &E, ASTContext &Context) {
  return climbThrough(E, Context, [](const DynTypedNode &Node) {
    const auto *Cast = Node.get<ExplicitCastExpr>();
    return isImplicitCastOrParen(Node) ||
           (Cast && Cast->getType()->isPointerType());
  });
}

/// The expression that dereferences the pointer \p E: `*p`, `p->member`,
/// `p[i]`, `*it`, `it->member`; null if \p E is not dereferenced there.
const Expr *dereferenceOf(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = E.getType()->isPointerType()
                                    ? parentThroughPointerCasts(E, Context)
                                    : parentThroughParens(E, Context);
  if (Parents.empty())
    return nullptr;
  if (const auto *Unary = Parents[0].get<UnaryOperator>();
      Unary && Unary->getOpcode() == UO_Deref)
    return Unary;
  if (const auto *Member = Parents[0].get<MemberExpr>();
      Member && Member->isArrow())
    return Member;
  if (const auto *Subscript = Parents[0].get<ArraySubscriptExpr>();
      Subscript && subscriptedObject(*Subscript) == Child)
    return Subscript;
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>();
      Operator && Operator->getNumArgs() >= 1 && Operator->getArg(0) == Child) {
    if (Operator->getOperator() == OO_Star ||
        Operator->getOperator() == OO_Subscript)
      return Operator;
    // `sp->x` on a smart pointer or iterator: the member access above the
    // operator-> call.
    if (Operator->getOperator() == OO_Arrow) {
      DynTypedNodeList Above = parentsOf(Context, *Operator);
      if (const auto *Member = Above.empty() ? nullptr : Above[0].get<MemberExpr>())
        return Member;
    }
  }
  return nullptr;
}

/// True when \p Method's body may write a data member of `*this` whose type
/// does not synchronize itself (directly, or through another member function
/// of the object). A method that only updates atomics writes nothing racy.
static bool writesUnsynchronizedMembers(const CXXMethodDecl &Method, ASTContext &Context,
                                 unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (!Method.hasBody(Definition) || !Definition->getBody())
    return false;
  if (Depth > 3)
    return true;
  MutationAnalyzer Analyzer(*Definition->getBody(), Context);
  bool Writes = false;
  forEachUse(Definition->getBody(), [&](const Expr &E) {
    if (Writes)
      return;
    if (const auto *Member = dyn_cast<MemberExpr>(&E);
        Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
          Field && !isSynchronizedType(Field->getType(), nullptr))
        Writes = Analyzer.findMutation(*Member) != nullptr;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(&E))
      if (const CXXMethodDecl *Other = Call->getMethodDecl();
          Other && !Other->isConst() && Call->getImplicitObjectArgument() &&
          isa<CXXThisExpr>(Call->getImplicitObjectArgument()->IgnoreParenImpCasts()))
        Writes = writesUnsynchronizedMembers(*Other, Context, Depth + 1);
  });
  return Writes;
}

/// `v[i]` on a sequence container, `at`, `front`, `back`, `find`...: calls
/// that select an element without changing the container. (A map's
/// operator[] inserts, so it is not one.)
static bool isElementAccessor(const CallExpr &Call) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call.getDirectCallee());
  if (!Method || !Method->getParent()->isInStdNamespace())
    return false;
  const CXXRecordDecl *Container = Method->getParent();
  if (Method->getOverloadedOperator() == OO_Subscript)
    return isStdNamed(Container,
                           {"vector", "array", "deque", "basic_string", "span"});
  if (!Method->getIdentifier())
    return false;
  return isOneOf({"at", "front", "back", "data", "find", "begin",
                             "end", "rbegin", "rend", "lower_bound",
                             "upper_bound", "equal_range"},
                            Method->getName());
}

/// `T *local = static_cast<T *>(arg);`: the local pointer that \p E (a
/// pointer) is copied into, through casts, if any.
/// The local pointer variable whose initializer is \p E, above the wrappers
/// \p PassesThrough accepts.
static const VarDecl *
localPointerInitializedWith(const Expr &E, ASTContext &Context,
                            llvm::function_ref<bool(const DynTypedNode &)>
                                PassesThrough) {
  const auto [Parents, Child] = climbThrough(E, Context, PassesThrough);
  if (Parents.empty())
    return nullptr;
  const auto *Var = Parents[0].get<VarDecl>();
  return Var && Var->hasLocalStorage() && Var->getType()->isPointerType() &&
                 Var->getInit() == Child
             ? Var
             : nullptr;
}

const VarDecl *pointerCopiedInto(const Expr &E, ASTContext &Context) {
  return localPointerInitializedWith(E, Context, isCastOrParen);
}

/// Casts, parentheses and pointer arithmetic on the pointer \p Child:
/// `v.data() + c * n / k` points into the same object as `v.data()`.
static bool isPointerArithmeticOrCast(const DynTypedNode &Node) {
  if (isCastOrParen(Node))
    return true;
  const auto *Arithmetic = Node.get<BinaryOperator>();
  return Arithmetic && Arithmetic->isAdditiveOp() &&
         Arithmetic->getType()->isPointerType();
}

/// `T *local = base + offset;`: the local pointer that the pointer \p E is
/// stored in, through casts and pointer arithmetic, if any. What is written
/// through \p E is what is written through that local.
static const VarDecl *pointerStoredIn(const Expr &E, ASTContext &Context) {
  return localPointerInitializedWith(E, Context, isPointerArithmeticOrCast);
}

/// `*p`, `p->x` or `p.get()` on a std::unique_ptr or std::shared_ptr \p E.
static bool isSmartPointerDereference(const Expr &E, ASTContext &Context) {
  if (!isStdNamed(E.getType().getNonReferenceType()->getAsCXXRecordDecl(),
                  {"unique_ptr", "shared_ptr"}))
    return false;
  const auto [Parents, Child] = parentThroughParens(E, Context);
  if (Parents.empty())
    return false;
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>())
    return Operator->getNumArgs() >= 1 && Operator->getArg(0) == Child &&
           (Operator->getOperator() == OO_Star ||
            Operator->getOperator() == OO_Arrow);
  if (const auto *Member = Parents[0].get<MemberExpr>())
    return Member->getMemberDecl()->getIdentifier() &&
           Member->getMemberDecl()->getName() == "get";
  return false;
}

/// `f(&x)`, `bind(s, reinterpret_cast<sockaddr *>(&x), n)`, `strlen(buf)`:
/// the address of \p E (or the array \p E decayed) handed, through casts, to
/// a parameter that points to const: the callee only reads it, whatever a
/// cast in between says.
static bool isAddressPassedAsConst(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  if (Parents.empty())
    return false;
  // `&x`, or an array that decays to a pointer to its first element.
  const Expr *Argument = nullptr;
  if (const auto *AddressOf = Parents[0].get<UnaryOperator>();
      AddressOf && AddressOf->getOpcode() == UO_AddrOf)
    Argument = AddressOf;
  else if (E.getType()->isArrayType() && Child != &E)
    Argument = Child;
  if (!Argument)
    return false;
  const auto [Above, Passed] = climbThrough(*Argument, Context, isCastOrParen);
  Argument = Passed;
  const auto *Call = Above.empty() ? nullptr : Above[0].get<CallExpr>();
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || isa<CXXOperatorCallExpr>(Call))
    return false;
  for (unsigned I = 0; I < Call->getNumArgs() && I < Callee->getNumParams(); ++I)
    if (Call->getArg(I) == Argument) {
      const QualType Param = Callee->getParamDecl(I)->getType();
      return Param->isPointerType() &&
             Param->getPointeeType().isConstQualified();
    }
  return false;
}

/// True when the iterator or pointer \p Iterator (`v.begin()`, `v.data()`)
/// is handed to a standard algorithm that writes the elements it reaches:
/// one that rearranges or fills its range (sort, fill, reverse...), or the
/// output of one that copies into it (copy, transform...).
static bool writesThroughIterator(const Expr &Iterator, ASTContext &Context) {
  // Through the copy of the iterator made for a by-value parameter.
  const auto [Parents, Argument] =
      climbThrough(Iterator, Context, [](const DynTypedNode &Node) {
        const auto *Copy = Node.get<CXXConstructExpr>();
        return isTemporaryWrapper(Node) || (Copy && Copy->getNumArgs() == 1);
      });
  const auto *Call = Parents.empty() ? nullptr : Parents[0].get<CallExpr>();
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier())
    return false;
  const StringRef Name = Callee->getName();
  if (isOneOf({"sort", "stable_sort", "partial_sort", "nth_element", "reverse",
               "rotate", "shuffle", "random_shuffle", "fill", "fill_n",
               "generate", "generate_n", "iota", "replace", "replace_if",
               "remove", "remove_if", "unique", "partition",
               "stable_partition", "swap_ranges", "inplace_merge", "make_heap",
               "push_heap", "pop_heap", "sort_heap", "next_permutation",
               "prev_permutation", "uninitialized_fill",
               "uninitialized_fill_n"},
              Name))
    return true;
  // Algorithms that write only through their output iterator: the argument
  // after the input range (or after the two input ranges' heads).
  unsigned Index = 0;
  while (Index < Call->getNumArgs() && Call->getArg(Index) != Argument)
    ++Index;
  if (Index == Call->getNumArgs())
    return false;
  // An execution policy comes first in the parallel overloads.
  const unsigned Policy =
      Call->getNumArgs() > 0 &&
              Call->getArg(0)->getType()->getAsCXXRecordDecl() &&
              Call->getArg(0)->getType()->getAsCXXRecordDecl()->getName().contains(
                  "policy")
          ? 1
          : 0;
  if (Index < Policy)
    return false;
  Index -= Policy;
  const unsigned Args = Call->getNumArgs() - Policy;
  if (isOneOf({"copy", "copy_if", "move", "copy_backward", "move_backward",
               "replace_copy", "replace_copy_if", "remove_copy",
               "remove_copy_if", "unique_copy", "reverse_copy",
               "exclusive_scan", "inclusive_scan", "partial_sum",
               "adjacent_difference", "uninitialized_copy",
               "uninitialized_move"},
              Name))
    return Index == 2;
  if (Name == "copy_n" || Name == "uninitialized_copy_n")
    return Index == 2;
  if (Name == "transform")
    return Index == (Args == 4 ? 2u : 3u);
  if (isOneOf({"merge", "set_union", "set_intersection", "set_difference",
               "set_symmetric_difference"},
              Name))
    return Index == 4;
  return false;
}

/// True when \p E is within argument \p Index of \p Call.
static bool isInArgument(const CallExpr &Call, unsigned Index, const Expr &E) {
  if (Index >= Call.getNumArgs())
    return false;
  const SourceRange Range = Call.getArg(Index)->getSourceRange();
  const SourceLocation Where = E.getBeginLoc();
  return Range.isValid() && Where.isValid() &&
         (Range.getBegin() == Where ||
          (Range.getBegin() < Where && Where <= Range.getEnd()) ||
          Where == Range.getEnd());
}

/// The C library's buffer writers, declared without a body: `memcpy(dst,
/// ...)`, `memset`, `strcpy`, `snprintf`, `read(fd, buf, n)`... write the
/// buffer they are given; the other pointer arguments are read.
static bool writesCLibraryBuffer(const FunctionDecl &Callee,
                                 const CallExpr &Call, const Expr &E) {
  if (!Callee.getIdentifier() || Callee.hasBody() ||
      !Callee.getDeclContext()->getRedeclContext()->isTranslationUnit())
    return false;
  const StringRef Name = Callee.getName();
  if (isOneOf({"memcpy", "memmove", "memset", "bzero", "explicit_bzero",
               "strcpy", "strncpy", "stpcpy", "stpncpy", "strcat", "strncat",
               "sprintf", "snprintf", "vsprintf", "vsnprintf", "wmemcpy",
               "wmemmove", "wmemset", "wcscpy", "wcsncpy", "fgets", "fread",
               "gets", "getcwd"},
              Name))
    return isInArgument(Call, 0, E);
  if (isOneOf({"read", "pread", "recv", "recvfrom", "readlink"}, Name))
    return isInArgument(Call, 1, E);
  return false;
}

/// `bits[i] = true`, `bits[i].flip()` on a std::vector<bool>: the element
/// accessor returns a proxy, and assigning through it writes the element.
static bool writesThroughBitReference(const Expr &Element, ASTContext &Context) {
  const CXXRecordDecl *Proxy = Element.getType()->getAsCXXRecordDecl();
  if (!Proxy || !Proxy->isInStdNamespace() || !Proxy->getIdentifier() ||
      Proxy->getName() != "_Bit_reference")
    return false;
  const auto [Parents, Child] =
      climbThrough(Element, Context, isTemporaryWrapper);
  if (Parents.empty())
    return false;
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>())
    return Operator->isAssignmentOp() && Operator->getArg(0) == Child;
  if (const auto *Member = Parents[0].get<MemberExpr>())
    return Member->getMemberDecl()->getIdentifier() &&
           Member->getMemberDecl()->getName() == "flip";
  return false;
}

/// The local pointer variable whose initializer is the address of \p E or
/// of a part of it: `T *p = arr;` (the array decays), `T *p = &x;`,
/// `char *row = grid[i];`, through casts. Null when there is none.
static const VarDecl *localPointerInto(const Expr &E, ASTContext &Context) {
  const Expr *Child = &E;
  bool Address = false;
  DynTypedNodeList Parents = parentsOf(Context, E);
  for (unsigned Depth = 0; !Parents.empty() && Depth < 8; ++Depth) {
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Var = Parent.get<VarDecl>())
      return Address && Var->hasLocalStorage() &&
                     Var->getType()->isPointerType() && Var->getInit() &&
                     Var->getInit() == Child
                 ? Var
                 : nullptr;
    const Expr *Next = Parent.get<Expr>();
    if (!Next)
      return nullptr;
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Next))
      Address |= Cast->getCastKind() == CK_ArrayToPointerDecay;
    else if (const auto *Unary = dyn_cast<UnaryOperator>(Next);
             Unary && Unary->getOpcode() == UO_AddrOf)
      Address = true;
    else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Next)) {
      if (subscriptedObject(*Subscript) != Child)
        return nullptr; // the index
      Address = false;  // `grid[i]`: an element (a row, if it decays again)
    } else if (!isa<ParenExpr>(Next) &&
               !(isa<ExplicitCastExpr>(Next) && Next->getType()->isPointerType()))
      return nullptr;
    Child = Next;
    Parents = parentsOf(Context, *Next);
  }
  return nullptr;
}

/// True when \p Param is named anywhere in \p S.
static bool mentions(const Stmt *S, const ParmVarDecl &Param) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == &Param)
    return true;
  for (const Stmt *Child : S->children())
    if (mentions(Child, Param))
      return true;
  return false;
}

/// \p E handed by non-const reference to the constructor of \p Construct:
/// false when the constructor only keeps a reference or pointer to it in a
/// data member (`Runtime(Worker &w) : worker_(w) {}`), which touches
/// nothing; what is done later through the kept reference is not followed.
/// True for the standard library's constructors, and for one whose body or
/// other initializers use the argument.
static bool constructorMayWrite(const CXXConstructExpr &Construct,
                                const Expr &E) {
  const CXXConstructorDecl *Constructor = Construct.getConstructor();
  if (!Constructor || Constructor->getParent()->isInStdNamespace())
    return true;
  const auto *Definition =
      dyn_cast_or_null<CXXConstructorDecl>(Constructor->getDefinition());
  if (!Definition)
    return false; // a call we cannot see writes nothing we know of
  for (unsigned I = 0; I < Construct.getNumArgs() &&
                       I < Definition->getNumParams();
       ++I) {
    if (Construct.getArg(I)->IgnoreParenImpCasts() != E.IgnoreParenImpCasts())
      continue;
    const ParmVarDecl &Param = *Definition->getParamDecl(I);
    if (mentions(Definition->getBody(), Param))
      return true;
    for (const CXXCtorInitializer *Init : Definition->inits()) {
      if (!mentions(Init->getInit(), Param))
        continue;
      const FieldDecl *Member = Init->getMember();
      const Expr *Value = Init->getInit()->IgnoreParenImpCasts();
      if (const auto *Braces = dyn_cast<InitListExpr>(Value);
          Braces && Braces->getNumInits() == 1)
        Value = Braces->getInit(0)->IgnoreParenImpCasts(); // `worker_ {w}`
      if (const auto *AddressOf = dyn_cast<UnaryOperator>(Value);
          AddressOf && AddressOf->getOpcode() == UO_AddrOf)
        Value = AddressOf->getSubExpr()->IgnoreParenImpCasts();
      const auto *Ref = dyn_cast<DeclRefExpr>(Value);
      if (!Member || !Ref || Ref->getDecl() != &Param ||
          !(Member->getType()->isReferenceType() ||
            Member->getType()->isPointerType()))
        return true;
    }
    return false;
  }
  return true;
}

/// ExprMutationAnalyzer's judgement, except through a call of a function
/// whose body we cannot see (an unknown function taking a non-const
/// reference may or may not write).
bool isWritten(MutationAnalyzer &Analyzer, const Expr &E,
               bool ThroughPointer, ASTContext &Context, const Stmt &Body,
               unsigned Depth) {
  // `*(&x)` (a macro's `f(*(a))` given `&x`) is `x`.
  if (!ThroughPointer && Depth < 4)
    if (const auto [Parents, Child] = parentThroughParens(E, Context);
        !Parents.empty())
      if (const auto *AddressOf = Parents[0].get<UnaryOperator>();
          AddressOf && AddressOf->getOpcode() == UO_AddrOf)
        if (const auto [Above, Address] = parentThroughParens(*AddressOf, Context);
            !Above.empty())
          if (const auto *Deref = Above[0].get<UnaryOperator>();
              Deref && Deref->getOpcode() == UO_Deref)
            return isWritten(Analyzer, *Deref, false, Context, Body, Depth + 1);
  // `*owner`, `owner->x`, `owner.get()` on a smart pointer: what it owns is
  // another object (ExprMutationAnalyzer counts writes to the pointee as
  // writes to the pointer).
  if (!ThroughPointer && (isSmartPointerDereference(E, Context) ||
                          isAddressPassedAsConst(E, Context)))
    return false;
  // `T *p = arr;`, `T *p = &x;`, `char *row = grid[i];`: a pointer into the
  // object kept in a local is judged by what is written through it.
  if (!ThroughPointer && Depth < 4)
    if (const VarDecl *Copy = localPointerInto(E, Context)) {
      bool Written = false;
      forEachUse(&Body, [&](const Expr &Use) {
        const auto *Ref = dyn_cast<DeclRefExpr>(&Use);
        if (!Written && Ref && Ref->getDecl() == Copy)
          Written = isWritten(Analyzer, Use, /*ThroughPointer=*/true, Context,
                              Body, Depth + 1);
      });
      return Written;
    }
  if (ThroughPointer) {
    // `*p`, `p->x`, `p[i]`, `*it`: the object behind the pointer is the
    // expression around the pointer's name; judge that one.
    if (const Expr *Pointee = dereferenceOf(E, Context))
      if (isWritten(Analyzer, *Pointee, /*ThroughPointer=*/false, Context, Body,
                    Depth))
        return true;
    // Handed to a C library function that fills the buffer it points to.
    if (const auto [Parents, Child] = parentThroughPointerCasts(E, Context);
        !Parents.empty())
      if (const auto *Call = Parents[0].get<CallExpr>();
          Call && Call->getDirectCallee() &&
          writesCLibraryBuffer(*Call->getDirectCallee(), *Call, E))
        return true;
    // A copy into another local pointer (a start routine's `void *arg`
    // cast to `int *`, `long *chunk = v.data() + c * n / k`): the pointer
    // goes nowhere else, so what is written through it is what is written
    // through the copy. (ExprMutationAnalyzer from LLVM 20 on counts the
    // copy itself as a write, since anything may be written through it.)
    // Uses in a lambda that captures the copy are that lambda's accesses,
    // judged where it runs (a thread's body is the thread's).
    if (const VarDecl *Copy = pointerStoredIn(E, Context); Copy && Depth < 4) {
      bool Written = false;
      forEachUse(&Body, [&](const Expr &Use) {
        const auto *Ref = dyn_cast<DeclRefExpr>(&Use);
        if (!Written && Ref && Ref->getDecl() == Copy &&
            !Ref->refersToEnclosingVariableOrCapture())
          Written = isWritten(Analyzer, Use, /*ThroughPointer=*/true, Context,
                              Body, Depth + 1);
      });
      return Written;
    }
  }
  const Stmt *Mutation = ThroughPointer ? Analyzer.findPointeeMutation(E)
                                        : Analyzer.findMutation(E);
  if (!Mutation)
    return false;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Mutation))
    return constructorMayWrite(*Construct, E);
  const auto *Call = dyn_cast<CallExpr>(Mutation);
  if (!Call)
    return true;
  const FunctionDecl *Callee = Call->getDirectCallee();
  // A function that takes a lock synchronizes what it does to its arguments
  // and its object (a thread-safe class's methods, a deposit(Account &)).
  if (Callee && Callee->hasBody() && acquiresLock(*Callee))
    return false;

  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    Object = Member->getImplicitObjectArgument();
  else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
           Operator && isa_and_nonnull<CXXMethodDecl>(Callee) &&
           Operator->getNumArgs() > 0)
    Object = Operator->getArg(0);
  if (Object && Object->IgnoreParenImpCasts() == E.IgnoreParenImpCasts()) {
    // An element accessor (`v[i]`, `v.at(i)`, `m.find(k)`) writes nothing
    // by itself: judge what is done with the element it returns.
    if (isElementAccessor(*Call) && Depth < 4) {
      // A reference to the element is judged as the element; a pointer or an
      // iterator (`data()`, `begin()`, `find()`) by what is written through it.
      const bool ReturnsPointer = !Call->getType()->isReferenceType() &&
                                  !Call->isLValue();
      if (ReturnsPointer && writesThroughIterator(*Call, Context))
        return true;
      if (ReturnsPointer && writesThroughBitReference(*Call, Context))
        return true;
      return isWritten(Analyzer, *Call, ReturnsPointer, Context, Body, Depth + 1);
    }
    // Any other non-const member function writes the object, if we know
    // what it does: a library type's (the standard library's, or one in
    // another system header: its bodies are not read, see isSummarized), or
    // one whose body we can see and that writes a member that does not
    // synchronize itself.
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
    if (!Method || !isSummarized(*Method))
      return true;
    return Callee->hasBody() && writesUnsynchronizedMembers(*Method, Context, 0);
  }
  // The C library's functions that fill a buffer they are given.
  if (Callee && writesCLibraryBuffer(*Callee, *Call, E))
    return true;
  // The object passed by non-const reference: a write only if the callee's
  // body, which ExprMutationAnalyzer read, writes it; never invented at a
  // call we cannot see.
  return Callee && Callee->hasBody();
}

/// `x[i]`, `x.at(i)`: the index of the element \p E selects, if any.
/// `out[i]` in a template with an index of a dependent type, on an object
/// that is not an integer (`i[arr]` is written the other way round).
static bool isDependentSubscript(const ArraySubscriptExpr &Subscript) {
  return Subscript.getRHS()->isTypeDependent() &&
         !Subscript.getLHS()->isTypeDependent() &&
         !Subscript.getLHS()->getType()->isIntegralOrEnumerationType();
}

const Expr *subscriptedObject(const ArraySubscriptExpr &Subscript) {
  return isDependentSubscript(Subscript) ? Subscript.getLHS()
                                         : Subscript.getBase();
}

const Expr *subscriptIndexOf(const ArraySubscriptExpr &Subscript) {
  return isDependentSubscript(Subscript) ? Subscript.getRHS()
                                         : Subscript.getIdx();
}

const Expr *subscriptIndex(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  if (Parents.empty())
    return nullptr;
  if (const auto *Subscript = Parents[0].get<ArraySubscriptExpr>();
      Subscript && subscriptedObject(*Subscript) == Child)
    return subscriptIndexOf(*Subscript);
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>();
      Operator && Operator->getOperator() == OO_Subscript &&
      Operator->getNumArgs() == 2 && Operator->getArg(0) == Child)
    return Operator->getArg(1);
  if (const auto *Member = Parents[0].get<MemberExpr>()) {
    DynTypedNodeList CallParents = parentsOf(Context, *Member);
    if (const auto *Call = CallParents.empty()
                               ? nullptr
                               : CallParents[0].get<CXXMemberCallExpr>();
        Call && Call->getMethodDecl() && Call->getMethodDecl()->getIdentifier() &&
        Call->getMethodDecl()->getName() == "at" && Call->getNumArgs() == 1)
      return Call->getArg(0);
  }
  return nullptr;
}

std::optional<int64_t> constantValue(const Expr *E, ASTContext &Context) {
  Expr::EvalResult Result;
  if (!E || E->isValueDependent() || !E->EvaluateAsInt(Result, Context))
    return std::nullopt;
  return Result.Val.getInt().getExtValue();
}

/// `r.a` or `p->a`: the member access applied to \p E, if any.
static const MemberExpr *memberAccessOf(const Expr &E, bool ThroughPointer,
                                 ASTContext &Context) {
  auto [Parents, Child] = ThroughPointer && E.getType()->isPointerType()
                              ? parentThroughPointerCasts(E, Context)
                              : parentThroughParens(E, Context);
  // `sp->x` on a smart pointer: the operator-> call stands for the pointer.
  if (const auto *Operator =
          Parents.empty() ? nullptr : Parents[0].get<CXXOperatorCallExpr>();
      ThroughPointer && Operator && Operator->getOperator() == OO_Arrow &&
      Operator->getNumArgs() == 1 && Operator->getArg(0) == Child) {
    Child = Operator;
    Parents = parentsOf(Context, *Operator);
  }
  const auto *Member = Parents.empty() ? nullptr : Parents[0].get<MemberExpr>();
  if (!Member || Member->getBase() != Child ||
      Member->isArrow() != ThroughPointer ||
      !isa<FieldDecl>(Member->getMemberDecl()))
    return nullptr;
  return Member;
}

/// `r.a.b` or `p->a.b`: the chain of data members applied to \p E, and the
/// outermost member expression (the one to judge for writes).
const MemberExpr *memberPathOf(const Expr &E, bool ThroughPointer,
                               ASTContext &Context,
                               llvm::SmallVectorImpl<const FieldDecl *> &Path) {
  const MemberExpr *Member = memberAccessOf(E, ThroughPointer, Context);
  const MemberExpr *Outer = Member;
  while (Member) {
    Path.push_back(cast<FieldDecl>(Member->getMemberDecl()));
    Outer = Member;
    Member = memberAccessOf(*Member, /*ThroughPointer=*/false, Context);
  }
  return Outer;
}

/// True when \p E runs inside the callable of a `std::call_once`, which
/// runs once and orders its effects before every other call's return.
bool isInsideCallOnce(const Expr &E, ASTContext &Context) {
  DynTypedNodeList Parents = parentsOf(Context, E);
  while (!Parents.empty()) {
    // The initializer of a function-local static runs once, and every
    // other thread waits for it ([stmt.dcl]: "magic statics").
    if (const auto *Var = Parents[0].get<VarDecl>();
        Var && Var->isStaticLocal() && Var->getTLSKind() == VarDecl::TLS_None)
      return true;
    if (const auto *Lambda = Parents[0].get<LambdaExpr>()) {
      DynTypedNodeList Above = parentsOf(Context, *Lambda);
      while (!Above.empty() && (Above[0].get<MaterializeTemporaryExpr>() ||
                                Above[0].get<ImplicitCastExpr>() ||
                                Above[0].get<CXXBindTemporaryExpr>()))
        Above = parentsOf(Context, Above[0]);
      if (const auto *Call = Above.empty() ? nullptr : Above[0].get<CallExpr>())
        if (isStdNamed(Call->getDirectCallee(), {"call_once"}))
          return true;
    }
    if (const auto *Function = Parents[0].get<FunctionDecl>()) {
      // A lambda's body may hang off its call operator: go on from the
      // closure class to the lambda expression.
      if (!isLambdaCallOperator(Function))
        return false;
      Parents = parentsOf(Context, *cast<CXXMethodDecl>(Function)->getParent());
      continue;
    }
    Parents = parentsOf(Context, Parents[0]);
  }
  return false;
}

/// True when \p E only forms a reference or a pointer to (a part of) an
/// object — `auto &slot = results[i];`, `&x` — which reads and writes nothing
/// by itself.
/// True when the function (or lambda) that \p Return returns from returns
/// a reference.
static bool returnsReference(const ReturnStmt &Return, ASTContext &Context) {
  DynTypedNodeList Parents = parentsOf(Context, Return);
  while (!Parents.empty()) {
    if (const auto *Lambda = Parents[0].get<LambdaExpr>())
      return Lambda->getCallOperator()->getReturnType()->isReferenceType();
    if (const auto *Function = Parents[0].get<FunctionDecl>())
      return Function->getReturnType()->isReferenceType();
    Parents = parentsOf(Context, Parents[0]);
  }
  return false;
}

bool onlyFormsReference(const Expr &E, ASTContext &Context) {
  const Expr *Child = &E;
  DynTypedNodeList Parents = parentsOf(Context, E);
  while (!Parents.empty()) {
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Var = Parent.get<VarDecl>())
      return Var->getType()->isReferenceType() && Var->getInit() &&
             Var->getInit()->IgnoreParenImpCasts() ==
                 Child->IgnoreParenImpCasts();
    if (const auto *Unary = Parent.get<UnaryOperator>())
      return Unary->getOpcode() == UO_AddrOf;
    // `Server &proxy() { return proxy_; }`: hands out a reference.
    if (Parent.get<ReturnStmt>())
      return returnsReference(*Parent.get<ReturnStmt>(), Context);
    const Expr *Next = Parent.get<Expr>();
    if (!Next)
      return false;
    const bool PartOf =
        isa<ImplicitCastExpr, ParenExpr>(Next) ||
        (isa<MemberExpr>(Next) && !cast<MemberExpr>(Next)->isArrow()) ||
        (isa<ArraySubscriptExpr>(Next) &&
         subscriptedObject(*cast<ArraySubscriptExpr>(Next)) == Child) ||
        (isa<CXXOperatorCallExpr>(Next) &&
         cast<CXXOperatorCallExpr>(Next)->getOperator() == OO_Subscript &&
         cast<CXXOperatorCallExpr>(Next)->getArg(0) == Child);
    if (!PartOf)
      return false;
    Child = Next;
    Parents = parentsOf(Context, *Next);
  }
  return false;
}

bool isSequenceContainer(QualType Type) {
  return isStdNamed(Type.getNonReferenceType()->getAsCXXRecordDecl(),
                         {"vector", "array", "deque", "basic_string", "span"});
}

/// The member call or subscript applied to the container \p E names, and
/// its name ("operator[]" for subscripts); empty when there is none.
static llvm::StringRef containerOperation(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  if (Parents.empty())
    return "";
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>();
      Operator && Operator->getOperator() == OO_Subscript &&
      Operator->getArg(0) == Child)
    return "operator[]";
  if (const auto *Member = Parents[0].get<MemberExpr>()) {
    DynTypedNodeList CallParents = parentsOf(Context, *Member);
    if (const auto *Call = CallParents.empty()
                               ? nullptr
                               : CallParents[0].get<CXXMemberCallExpr>())
      if (const CXXMethodDecl *Method = Call->getMethodDecl();
          Method && Method->getIdentifier())
        return Method->getName();
  }
  return "";
}

/// Marks an access that touches only an element, or only the size, of a
/// sequence container: those two do not conflict with each other. Returns
/// false for an access to an element that synchronizes itself (a vector of
/// atomics): not a shared mutable access at all.
ContainerPart containerPartOf(const Expr &Container, bool IsWrite,
                              ASTContext &Context) {
  ContainerPart Part;
  const QualType Type = Container.getType().getNonReferenceType();
  if (!isSequenceContainer(Type))
    return Part;
  const llvm::StringRef Operation = containerOperation(Container, Context);
  Part.ElementOnly = isOneOf({"operator[]", "at", "front", "back"}, Operation);
  Part.SynchronizedElement =
      Part.ElementOnly && isSynchronizedType(containerElementType(Type), nullptr);
  // size() and friends read only the container's own state; data() and the
  // iterators too, unless elements are written through what they return
  // (then the access is a write, judged through the pointer).
  Part.SizeQuery =
      isOneOf({"size", "empty", "capacity", "max_size", "length"}, Operation) ||
      (!IsWrite && isOneOf({"begin", "end", "cbegin", "cend", "data"}, Operation));
  return Part;
}

bool classifyContainerAccess(SharedObjectAccess &Access, ASTContext &Context) {
  const QualType Type = Access.Object->getType().getNonReferenceType();
  if (const auto *Array = Type->getAsArrayTypeUnsafe(); Array && Access.Index) {
    if (isSynchronizedType(Array->getElementType(), nullptr))
      return false;
    Access.ElementOnly = true;
    return true;
  }
  if (!isSequenceContainer(Type))
    return true;
  const ContainerPart Part =
      containerPartOf(*Access.Where, Access.IsWrite, Context);
  if (Part.SynchronizedElement)
    return false;
  Access.ElementOnly = Part.ElementOnly;
  Access.SizeQuery = Part.SizeQuery;
  return true;
}

} // namespace clang::tidy::fearless

namespace clang::tidy::fearless {

const Expr *elementOf(const Expr &E, ASTContext &Context) {
  const auto [Parents, Child] = parentThroughParens(E, Context);
  if (Parents.empty())
    return nullptr;
  if (const auto *Subscript = Parents[0].get<ArraySubscriptExpr>();
      Subscript && subscriptedObject(*Subscript) == Child)
    return Subscript;
  if (const auto *Operator = Parents[0].get<CXXOperatorCallExpr>();
      Operator && Operator->getOperator() == OO_Subscript &&
      Operator->getNumArgs() == 2 && Operator->getArg(0) == Child)
    return Operator;
  return nullptr;
}

std::optional<BindingPart> bindingPart(const BindingDecl &Binding) {
  const auto *Decomposition =
      dyn_cast_or_null<DecompositionDecl>(Binding.getDecomposedDecl());
  const Expr *Bound = Binding.getBinding();
  if (!Decomposition || !Bound)
    return std::nullopt;
  BindingPart Part;
  Part.Storage = Decomposition;
  Bound = Bound->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<MemberExpr>(Bound)) {
    // A data member of a class, possibly of a base class.
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    Part.Path.push_back(Field);
    return Part;
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Bound)) {
    Part.Index = subscriptIndexOf(*Subscript);
    return Part;
  }
  // Tuple-like: `get<I>(e)` through a holding variable. Only std::pair's
  // elements are known to be its members `first` and `second`.
  const CXXRecordDecl *Record = Decomposition->getType()
                                    .getNonReferenceType()
                                    .getCanonicalType()
                                    ->getAsCXXRecordDecl();
  if (!Record || !Record->getIdentifier() || !Record->isInStdNamespace() ||
      Record->getName() != "pair")
    return std::nullopt;
  const auto Bindings = Decomposition->bindings();
  const auto Position = llvm::find(Bindings, &Binding);
  if (Position == Bindings.end())
    return std::nullopt;
  const unsigned I = Position - Bindings.begin();
  for (const FieldDecl *Field : Record->fields())
    if (Field->getIdentifier() &&
        Field->getName() == (I == 0 ? "first" : "second")) {
      Part.Path.push_back(Field);
      return Part;
    }
  return std::nullopt;
}

bool onlyComputesAddress(const Expr &E, ASTContext &Context) {
  if (!E.getType()->isArrayType() && !E.getType()->isPointerType())
    return false;
  // A local or parameter pointer's own value is the thread's: testing it
  // (`if (p)`, `!p`) reads nothing shared. (A global pointer is shared
  // itself; only comparisons of it are left out.)
  const auto *Ref = dyn_cast<DeclRefExpr>(&E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  const bool PrivatePointer = Var && Var->hasLocalStorage() &&
                              !Var->getType()->isReferenceType();
  // Through implicit casts, but not through the conversion to bool.
  const Expr *Child = &E;
  DynTypedNodeList Parents = parentsOf(Context, E);
  while (!Parents.empty()) {
    const auto *Cast = Parents[0].get<ImplicitCastExpr>();
    if (Cast && Cast->getCastKind() == CK_PointerToBoolean)
      return PrivatePointer;
    if (!Cast && !Parents[0].get<ParenExpr>())
      break;
    Child = Parents[0].get<Expr>();
    Parents = parentsOf(Context, *Child);
  }
  if (Parents.empty())
    return false;
  if (const auto *Unary = Parents[0].get<UnaryOperator>())
    return PrivatePointer && Unary->getOpcode() == UO_LNot; // `!p`
  const auto *Binary = Parents[0].get<BinaryOperator>();
  if (!Binary)
    return false;
  if (Binary->isComparisonOp())
    return true;
  return Binary->getOpcode() == BO_Sub &&
         Binary->getLHS()->getType()->isPointerType() &&
         Binary->getRHS()->getType()->isPointerType();
}

} // namespace clang::tidy::fearless
