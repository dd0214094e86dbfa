//===--- ThreadLifetime.cpp - until when a launched thread may run --------===//

#include "fearless/checker/ThreadLifetime.h"

#include "fearless/checker/ThreadPlacement.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/LambdaCapture.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::fearless {

using namespace lifetime;

namespace {

//===----------------------------------------------------------------------===//
// The flow-sensitive part
//===----------------------------------------------------------------------===//

/// A state is a set of facts that may hold on some path, as bits.
using State = uint64_t;
constexpr State Running = 1;     ///< started, not finished, not escaped
constexpr State Finished = 2;    ///< joined, waited or destroyed-and-joined
constexpr State Unknown = 4;     ///< handed to code we cannot see
constexpr State InContainer = 8; ///< moved into a local container
constexpr unsigned FirstEscapeBit = 4;
constexpr unsigned MaxEscapes = 60;
constexpr State escapeBit(unsigned Index) { return State(1) << (FirstEscapeBit + Index); }
constexpr State EscapeBits = ~State(0) << FirstEscapeBit;

State finish(State S) { return S & Running ? (S & ~Running) | Finished : S; }

class LifetimeAnalysis {
public:
  LifetimeAnalysis(const Launch &L, llvm::ArrayRef<Borrow> Borrows,
                   const FunctionCFG &Body, Placement Where)
      : L(L), Borrows(Borrows), Body(Body), Where(std::move(Where)) {}

  LifetimeVerdict run() {
    if (Where.What != Placement::Held && Where.What != Placement::Escaped &&
        Where.What != Placement::Forever)
      return {};
    collectContainers();
    collectJoinLoops();
    solve();
    report();
    return std::move(Verdict);
  }

private:
  //--- Set-up ---------------------------------------------------------------

  /// The local containers the thread may be moved into, found up front so
  /// that the transfer function does not change while the solver runs.
  void collectContainers() {
    if (Where.What == Placement::Held && Where.Kind == HolderKind::Container)
      Containers.insert(Where.Holder);
    for (const CFGBlock *Block : Body.cfg())
      for (const CFGElement &Element : *Block)
        if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
          if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S->getStmt()))
            if (isContainerInsertion(methodName(*Call)) &&
                llvm::any_of(Call->arguments(), [this](const Expr *Arg) {
                  return refersTo(Arg, Where.Holder);
                }))
              if (const VarDecl *Container =
                      variableOf(Call->getImplicitObjectArgument());
                  isLocalObject(Container))
                Containers.insert(Container);
  }

  /// Statements that join every element of one of the containers, and so
  /// finish the thread when reached (a zero-trip loop means the container
  /// holds nothing running):
  ///   for (auto &t : c) t.join();              (joinable()-guarded or not)
  ///   for (i = 0; ...; ++i) c[i].join();       (c.at(i) too)
  ///   for (auto it = c.begin(); ...; ++it) it->join();
  ///   std::for_each(c.begin(), c.end(), std::mem_fn(&std::thread::join));
  ///   std::for_each(c.begin(), c.end(), [](std::thread &t) { t.join(); });
  ///   while (!c.empty()) { c.back().join(); c.pop_back(); }
  void collectJoinLoops() {
    for (const CFGBlock *Block : Body.cfg()) {
      const Stmt *Loop = Block->getTerminatorStmt();
      if (const auto *RangeFor = dyn_cast_or_null<CXXForRangeStmt>(Loop)) {
        const VarDecl *Container = variableOf(RangeFor->getRangeInit());
        if (Containers.contains(Container) &&
            joinsVariable(RangeFor->getBody(), RangeFor->getLoopVariable()) &&
            RangeFor->getRangeStmt())
          JoinLoopStarts.insert({RangeFor->getRangeStmt(), Container});
      } else if (const auto *For = dyn_cast_or_null<ForStmt>(Loop)) {
        const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
        if (!Init || !Init->isSingleDecl())
          continue;
        const auto *Index = dyn_cast<VarDecl>(Init->getSingleDecl());
        // for (i...) pthread_join(th[i], ...) over an array of pthread_t.
        if (Index && Where.Kind == HolderKind::Pthread &&
            pthreadJoinsElement(For->getBody(), Where.Holder, Index))
          JoinLoopStarts.insert({Init, Where.Holder});
        for (const VarDecl *Container : Containers)
          if (Index && (joinsElement(For->getBody(), Container, Index) ||
                        (iteratesOver(*Index, Container) &&
                         joinsThroughIterator(For->getBody(), Index))))
            JoinLoopStarts.insert({Init, Container});
      } else if (const auto *While = dyn_cast_or_null<WhileStmt>(Loop)) {
        for (const VarDecl *Container : Containers)
          if (joinsEnds(While->getBody(), Container) && While->getCond())
            JoinLoopStarts.insert({While->getCond(), Container});
      }
      for (const CFGElement &Element : *Block)
        if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
          if (const auto *Call = dyn_cast<CallExpr>(S->getStmt()))
            if (const VarDecl *Container = joinedByForEach(*Call);
                Container && Containers.contains(Container))
              JoinLoopStarts.insert({Call, Container});
    }
  }

  /// True when \p S calls `pthread_join(Array[Index], ...)`.
  static bool pthreadJoinsElement(const Stmt *S, const VarDecl *Array,
                                  const VarDecl *Index) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(S);
        Call && calleeName(*Call) == "pthread_join" && Call->getNumArgs() >= 1) {
      const Expr *Element = Call->getArg(0)->IgnoreParenImpCasts();
      if (const auto *Builtin = dyn_cast<ArraySubscriptExpr>(Element);
          Builtin && refersTo(Builtin->getBase(), Array) &&
          refersTo(Builtin->getIdx(), Index))
        return true;
      if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Element);
          Operator && Operator->getOperator() == OO_Subscript &&
          Operator->getNumArgs() == 2 && refersTo(Operator->getArg(0), Array) &&
          refersTo(Operator->getArg(1), Index))
        return true;
    }
    for (const Stmt *Child : S->children())
      if (pthreadJoinsElement(Child, Array, Index))
        return true;
    return false;
  }

  /// `auto it = c.begin()`: an iterator over \p Container.
  static bool iteratesOver(const VarDecl &Iterator, const VarDecl *Container) {
    const auto *Begin = dyn_cast_or_null<CXXMemberCallExpr>(
        Iterator.getInit() ? stripHandle(Iterator.getInit()) : nullptr);
    return Begin && isOneOf({"begin", "cbegin"}, methodName(*Begin)) &&
           refersTo(Begin->getImplicitObjectArgument(), Container);
  }

  /// True when \p Body joins `it->` or `(*it)`.
  static bool joinsThroughIterator(const Stmt *Body, const VarDecl *Iterator) {
    return containsJoin(Body, [Iterator](const Expr *Object) {
      const auto *Operator =
          dyn_cast<CXXOperatorCallExpr>(Object->IgnoreParenImpCasts());
      return Operator && Operator->getNumArgs() >= 1 &&
             (Operator->getOperator() == OO_Arrow ||
              Operator->getOperator() == OO_Star) &&
             refersTo(Operator->getArg(0), Iterator);
    });
  }

  /// True when \p Body joins `c.back()` or `c.front()` (a loop that pops).
  static bool joinsEnds(const Stmt *Body, const VarDecl *Container) {
    return containsJoin(Body, [Container](const Expr *Object) {
      const auto *End = dyn_cast<CXXMemberCallExpr>(Object->IgnoreParenImpCasts());
      return End && isOneOf({"back", "front"}, methodName(*End)) &&
             refersTo(End->getImplicitObjectArgument(), Container);
    });
  }

  /// `std::for_each(c.begin(), c.end(), F)` or `std::ranges::for_each(c, F)`
  /// where F joins its argument: the container it joins.
  static const VarDecl *joinedByForEach(const CallExpr &Call) {
    const FunctionDecl *Callee = Call.getDirectCallee();
    if (!Callee || !Callee->getIdentifier() || Callee->getName() != "for_each" ||
        !Callee->isInStdNamespace() || Call.getNumArgs() < 2)
      return nullptr;
    const Expr *Range = Call.getArg(0);
    const Expr *Function = Call.getArg(Call.getNumArgs() - 1);
    const VarDecl *Container = variableOf(Range);
    if (const auto *Begin = dyn_cast<CXXMemberCallExpr>(stripHandle(Range));
        Begin && isOneOf({"begin", "cbegin"}, methodName(*Begin)))
      Container = variableOf(Begin->getImplicitObjectArgument());
    if (!Container || !joinsItsArgument(Function))
      return nullptr;
    return Container;
  }

  /// `std::mem_fn(&std::thread::join)`, or a lambda that joins its parameter.
  static bool joinsItsArgument(const Expr *Function) {
    const Expr *F = stripHandle(Function);
    if (const auto *Call = dyn_cast<CallExpr>(F);
        Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
        Call->getDirectCallee()->getIdentifier() &&
        Call->getDirectCallee()->getName() == "mem_fn") {
      const auto *Address =
          dyn_cast<UnaryOperator>(Call->getArg(0)->IgnoreParenImpCasts());
      const auto *Ref = Address ? dyn_cast<DeclRefExpr>(
                                      Address->getSubExpr()->IgnoreParenImpCasts())
                                : nullptr;
      const auto *Method = Ref ? dyn_cast<CXXMethodDecl>(Ref->getDecl()) : nullptr;
      return Method && Method->getIdentifier() && Method->getName() == "join";
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(F)) {
      const CXXMethodDecl *Operator = Lambda->getCallOperator();
      return Operator && Operator->getNumParams() == 1 &&
             joinsVariable(Lambda->getBody(), Operator->getParamDecl(0));
    }
    return false;
  }

  /// True when \p Body calls `join()` on \p Var (anywhere but in a lambda).
  static bool joinsVariable(const Stmt *Body, const VarDecl *Var) {
    return containsJoin(Body, [Var](const Expr *Object) {
      return refersTo(Object, Var);
    });
  }

  /// True when \p Body calls `join()` on `Container[Index]`.
  static bool joinsElement(const Stmt *Body, const VarDecl *Container,
                           const VarDecl *Index) {
    return containsJoin(Body, [&](const Expr *Object) {
      const auto *Subscript =
          dyn_cast<CXXOperatorCallExpr>(Object->IgnoreParenImpCasts());
      if (Subscript && Subscript->getOperator() == OO_Subscript &&
          Subscript->getNumArgs() == 2)
        return refersTo(Subscript->getArg(0), Container) &&
               refersTo(Subscript->getArg(1), Index);
      if (const auto *Builtin =
              dyn_cast<ArraySubscriptExpr>(Object->IgnoreParenImpCasts()))
        return refersTo(Builtin->getBase(), Container) &&
               refersTo(Builtin->getIdx(), Index);
      const auto *At = dyn_cast<CXXMemberCallExpr>(Object->IgnoreParenImpCasts());
      return At && methodName(*At) == "at" && At->getNumArgs() == 1 &&
             refersTo(At->getImplicitObjectArgument(), Container) &&
             refersTo(At->getArg(0), Index);
    });
  }

  template <typename Predicate>
  static bool containsJoin(const Stmt *S, Predicate IsJoined) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      if (methodName(*Call) == "join" && Call->getImplicitObjectArgument() &&
          IsJoined(Call->getImplicitObjectArgument()))
        return true;
    for (const Stmt *Child : S->children())
      if (containsJoin(Child, IsJoined))
        return true;
    return false;
  }

  //--- Transfer ---------------------------------------------------------------

  State escape(State S, Escape E) {
    if (!(S & Running))
      return S;
    unsigned Index = 0;
    while (Index < Escapes.size() &&
           !(Escapes[Index].What == E.What &&
             Escapes[Index].Location == E.Location))
      ++Index;
    if (Index == Escapes.size()) {
      if (Escapes.size() == MaxEscapes)
        return (S & ~Running) | Unknown;
      Escapes.push_back(std::move(E));
    }
    return (S & ~Running) | escapeBit(Index);
  }

  static State unknown(State S) {
    return S & Running ? (S & ~Running) | Unknown : S;
  }

  /// `opt->join()`, `(*opt).join()`, `opt.value().join()`: the one thread
  /// of a std::optional (or another single-element holder) reached through
  /// its accessors.
  bool isHeldThrough(const Expr *E) const {
    if (!E || Where.Kind != HolderKind::Container)
      return false;
    const Expr *Plain = E->IgnoreParenImpCasts();
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Plain))
      return Operator->getNumArgs() == 1 &&
             (Operator->getOperator() == OO_Arrow ||
              Operator->getOperator() == OO_Star) &&
             refersTo(Operator->getArg(0), Where.Holder);
    if (const auto *Value = dyn_cast<CXXMemberCallExpr>(Plain))
      return methodName(*Value) == "value" &&
             refersTo(Value->getImplicitObjectArgument(), Where.Holder);
    return false;
  }

  bool isHolder(const Expr *E) const {
    if (refersTo(E, Where.Holder))
      return true;
    // pthread_join(th[i]) on an array (or std::array, vector) of pthread_t:
    // an element of the holder.
    if (!E || Where.Kind != HolderKind::Pthread)
      return false;
    const Expr *Plain = E->IgnoreParenImpCasts();
    if (const auto *Element = dyn_cast<ArraySubscriptExpr>(Plain))
      return refersTo(Element->getBase(), Where.Holder);
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Plain);
        Operator && Operator->getOperator() == OO_Subscript &&
        Operator->getNumArgs() == 2)
      return refersTo(Operator->getArg(0), Where.Holder);
    return false;
  }

  State transferStmt(State S, const Stmt &Stmt) {
    if (&Stmt == L.Site && Where.What == Placement::Escaped)
      return escape(Running, Where.Esc) | (S & EscapeBits);
    if (&Stmt == L.Site)
      return Running | (S & EscapeBits) |
             (Where.What == Placement::Held &&
                      Where.Kind == HolderKind::Container
                  ? InContainer
                  : 0);
    if (!(S & Running))
      return S; // nothing below changes a thread that is not running
    if (auto It = JoinLoopStarts.find(&Stmt); It != JoinLoopStarts.end())
      return finish(S);
    if (Where.What != Placement::Held)
      return S;

    if (const auto *Return = dyn_cast<ReturnStmt>(&Stmt)) {
      if (isHolder(Return->getRetValue()))
        return escape(S, {Escape::Returned, Return->getReturnLoc(), ""});
      return S;
    }
    if (const auto *Decls = dyn_cast<DeclStmt>(&Stmt)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var != Where.Holder && isHolder(Var->getInit()))
          return Var->hasLocalStorage()
                     ? unknown(S)
                     : escape(S, {Escape::StoredInGlobal, Var->getLocation(),
                                  Var->getNameAsString()});
      return S;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&Stmt);
        Operator && Operator->getOperator() == OO_Equal &&
        Operator->getNumArgs() == 2 && isHolder(Operator->getArg(1))) {
      const VarDecl *Local = nullptr;
      if (std::optional<Escape> E = storeTarget(
              Operator->getArg(0), Operator->getOperatorLoc(), Local))
        return escape(S, *E);
      return unknown(S);
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Stmt)) {
      const llvm::StringRef Name = methodName(*Member);
      // Destroying the elements of a container of jthreads joins them.
      if (Where.JThreadElements && Containers.contains(variableOf(
                                       Member->getImplicitObjectArgument())) &&
          isOneOf({"clear", "pop_back", "erase", "resize"}, Name))
        return finish(S);
      if (isHolder(Member->getImplicitObjectArgument()) ||
          isHeldThrough(Member->getImplicitObjectArgument())) {
        if (Name == "join" || Name == "get" || Name == "wait")
          return finish(S);
        if (Name == "detach")
          return escape(S, {Escape::Detached, Member->getExprLoc(), ""});
        if (Name == "swap")
          return unknown(S);
        return S;
      }
      if (isContainerInsertion(Name) &&
          llvm::any_of(Member->arguments(),
                       [this](const Expr *Arg) { return isHolder(Arg); })) {
        const VarDecl *Local = nullptr;
        if (std::optional<Escape> E = storeTarget(
                Member->getImplicitObjectArgument(), Member->getExprLoc(), Local))
          return escape(S, *E);
        return Containers.contains(Local) ? S | InContainer : unknown(S);
      }
    }
    if (const auto *Call = dyn_cast<CallExpr>(&Stmt))
      return transferCall(S, *Call);
    // Handed to an object's constructor (an RAII joiner: `JoinGuard g(t);`)
    // or captured by reference by a lambda (a scope guard that joins): it
    // may be joined there; say nothing from here on.
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(&Stmt)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Ctor && !Ctor->isCopyOrMoveConstructor())
        for (const Expr *Arg : Construct->arguments())
          if (isHolder(Arg))
            return unknown(S);
      return S;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(&Stmt)) {
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() &&
            Capture.getCapturedVar() == Where.Holder &&
            Capture.getCaptureKind() == LCK_ByRef)
          return unknown(S);
      return S;
    }
    return S;
  }

  State transferCall(State S, const CallExpr &Call) {
    const FunctionDecl *Callee = Call.getDirectCallee();
    const std::string Name = calleeName(Call);
    const bool IsPthread = Where.Kind == HolderKind::Pthread;
    if (IsPthread && Call.getNumArgs() >= 1 && isHolder(Call.getArg(0))) {
      if (Name == "pthread_join")
        return finish(S);
      if (Name == "pthread_detach")
        return escape(S, {Escape::Detached, Call.getExprLoc(), ""});
      return S; // pthread_t is a plain value: other uses copy it
    }
    const unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(Callee)
            ? 1
            : 0;
    // The object of a member operator (`t = ...`, `t == u`) is not handed
    // over: operator= is judged by the assignment rule above.
    for (unsigned I = Offset; I < Call.getNumArgs(); ++I) {
      const Expr *Arg = Call.getArg(I);
      if (isAddressOf(Arg, Where.Holder))
        return unknown(S);
      if (!isHolder(Arg) || IsPthread)
        continue;
      // std::move and friends are wrappers, not the call we judge.
      if (stripValuePreservingWrappers(&Call) != &Call)
        return S;
      if (!Callee || I - Offset >= Callee->getNumParams())
        return unknown(S);
      const QualType Param = Callee->getParamDecl(I - Offset)->getType();
      if (Param->isLValueReferenceType())
        return Param.getNonReferenceType().isConstQualified() ? S : unknown(S);
      return escape(S, {Escape::PassedAway, Call.getExprLoc(), Name});
    }
    return S;
  }

  State transferDestructor(State S, const VarDecl *Var, SourceLocation At) {
    if (!(S & Running) || !Var)
      return S;
    if (Where.What == Placement::Held && Var == Where.Holder &&
        !(S & InContainer)) {
      switch (Where.Kind) {
      case HolderKind::JThread:
      case HolderKind::Future:
        return finish(S);
      case HolderKind::Thread:
        return escape(S, {Escape::NotJoined, At, Var->getNameAsString()});
      default:
        return S;
      }
    }
    if (Containers.contains(Var) && Where.JThreadElements)
      return finish(S);
    return S;
  }

  /// One scope exit: a run of destructor and lifetime-end elements. The CFG
  /// lists the destructors before the ends of trivially destructible objects'
  /// lifetimes; the language destroys in reverse order of declaration, which
  /// is what decides whether a jthread is joined before a borrowed int dies.
  State transferScopeExit(State S, const CFGBlock &Block, unsigned Begin,
                          unsigned End, bool Record) {
    struct Death {
      const VarDecl *Var;
      bool HasDestructor;
    };
    llvm::SmallVector<Death, 4> Deaths;
    auto Find = [&Deaths](const VarDecl *Var) -> Death * {
      for (Death &D : Deaths)
        if (D.Var == Var)
          return &D;
      return nullptr;
    };
    for (unsigned I = Begin; I < End; ++I) {
      const CFGElement &Element = Block[I];
      const VarDecl *Var = nullptr;
      bool Destructor = false;
      if (std::optional<CFGAutomaticObjDtor> Dtor =
              Element.getAs<CFGAutomaticObjDtor>()) {
        Var = Dtor->getVarDecl();
        Destructor = true;
      } else if (std::optional<CFGLifetimeEnds> Ends =
                     Element.getAs<CFGLifetimeEnds>()) {
        Var = Ends->getVarDecl();
      }
      if (!Var)
        continue;
      if (Death *Known = Find(Var))
        Known->HasDestructor |= Destructor;
      else
        Deaths.push_back({Var, Destructor});
    }
    const SourceManager &SM = Body.context().getSourceManager();
    llvm::sort(Deaths, [&SM](const Death &A, const Death &B) {
      return SM.isBeforeInTranslationUnit(B.Var->getLocation(),
                                          A.Var->getLocation());
    });
    for (const Death &D : Deaths) {
      const SourceLocation At = Body.leavingPoint(Block, Begin, D.Var);
      if (D.HasDestructor)
        S = transferDestructor(S, D.Var, At);
      if (Record)
        noteDeath(S, D.Var, At);
    }
    return S;
  }

  static bool isScopeExitElement(const CFGElement &Element) {
    return Element.getAs<CFGAutomaticObjDtor>() ||
           Element.getAs<CFGLifetimeEnds>();
  }

  /// The edge from \p From to its \p SuccIndex-th successor: the false side
  /// of `if (t.joinable())` knows the thread is not running.
  State refineEdge(State S, const CFGBlock &From, unsigned SuccIndex) const {
    if (!(S & Running) || Where.What != Placement::Held)
      return S;
    const Expr *Condition =
        dyn_cast_or_null<Expr>(From.getLastCondition());
    if (!Condition)
      return S;
    bool Negated = false;
    Condition = Condition->IgnoreParenImpCasts();
    while (const auto *Not = dyn_cast<UnaryOperator>(Condition)) {
      if (Not->getOpcode() != UO_LNot)
        return S;
      Negated = !Negated;
      Condition = Not->getSubExpr()->IgnoreParenImpCasts();
    }
    const auto *Call = dyn_cast<CXXMemberCallExpr>(Condition);
    if (!Call || methodName(*Call) != "joinable" ||
        !isHolder(Call->getImplicitObjectArgument()))
      return S;
    const bool FalseEdge = SuccIndex == 1;
    return FalseEdge != Negated ? finish(S) : S;
  }

  //--- Solver -----------------------------------------------------------------

  State blockInput(const CFGBlock &Block) {
    State In = 0;
    for (const CFGBlock *Pred : Block.preds()) {
      if (!Pred)
        continue;
      unsigned SuccIndex = 0;
      for (const CFGBlock::AdjacentBlock &Succ : Pred->succs()) {
        if (Succ.getReachableBlock() == &Block)
          In |= refineEdge(Out.lookup(Pred), *Pred, SuccIndex);
        ++SuccIndex;
      }
    }
    return In;
  }

  State runBlock(const CFGBlock &Block, State S, bool Record) {
    for (unsigned I = 0; I < Block.size();) {
      if (isScopeExitElement(Block[I])) {
        unsigned End = I;
        while (End < Block.size() && isScopeExitElement(Block[End]))
          ++End;
        S = transferScopeExit(S, Block, I, End, Record);
        I = End;
        continue;
      }
      if (std::optional<CFGStmt> Stmt = Block[I].getAs<CFGStmt>())
        S = transferStmt(S, *Stmt->getStmt());
      ++I;
    }
    return S;
  }

  void solve() {
    llvm::SmallVector<const CFGBlock *, 16> Worklist;
    for (const CFGBlock *Block : Body.cfg())
      Worklist.push_back(Block);
    llvm::DenseSet<const CFGBlock *> Queued(Worklist.begin(), Worklist.end());
    unsigned Steps = 0;
    while (!Worklist.empty() && ++Steps < 100000) {
      const CFGBlock *Block = Worklist.pop_back_val();
      Queued.erase(Block);
      const State New = runBlock(*Block, blockInput(*Block), false);
      auto [It, Inserted] = Out.try_emplace(Block, New);
      if (!Inserted && It->second == New)
        continue;
      It->second |= New;
      for (const CFGBlock *Succ : Block->succs())
        if (Succ && Queued.insert(Succ).second)
          Worklist.push_back(Succ);
    }
  }

  //--- Timeline ---------------------------------------------------------------

public:
  /// Runs the solver and records the state before every statement.
  void recordStates(llvm::DenseMap<const Stmt *, State> &StateBefore,
                    bool &PreviousRunMayOverlap, SourceLocation &FinishedAt) {
    if (Where.What == Placement::Finished || Where.What == Placement::Unknown)
      return;
    collectContainers();
    collectJoinLoops();
    solve();
    for (const CFGBlock *Block : Body.cfg()) {
      State S = blockInput(*Block);
      for (unsigned I = 0; I < Block->size();) {
        if (isScopeExitElement((*Block)[I])) {
          unsigned End = I;
          while (End < Block->size() && isScopeExitElement((*Block)[End]))
            ++End;
          S = transferScopeExit(S, *Block, I, End, false);
          I = End;
          continue;
        }
        if (std::optional<CFGStmt> Stmt = (*Block)[I].getAs<CFGStmt>()) {
          StateBefore[Stmt->getStmt()] |= S;
          const State After = transferStmt(S, *Stmt->getStmt());
          if ((S & Running) && (After & Finished) && !(S & Finished) &&
              FinishedAt.isInvalid())
            FinishedAt = Stmt->getStmt()->getBeginLoc();
          S = After;
        }
        ++I;
      }
    }
    if (auto It = StateBefore.find(L.Site); It != StateBefore.end())
      PreviousRunMayOverlap = It->second & (Running | EscapeBits);
  }

private:
  //--- Verdict ----------------------------------------------------------------

  const Borrow *borrowOf(const VarDecl *Var) const {
    for (const Borrow &B : Borrows)
      if (B.Object == Var && Var)
        return &B;
    return nullptr;
  }

  void noteDeath(State S, const VarDecl *Var, SourceLocation At) {
    const Borrow *B = borrowOf(Var);
    if (!B || B->Owner != BorrowOwner::Local || isa<ParmVarDecl>(Var))
      return;
    outlive(S, *B, At);
  }

  void outlive(State S, const Borrow &B, SourceLocation At) {
    if (!(S & (Running | EscapeBits)))
      return;
    if (llvm::is_contained(Verdict.Outlived, &B))
      return;
    if (Verdict.Outlived.empty()) {
      Verdict.DiesAt = At;
      for (unsigned I = 0; I < Escapes.size(); ++I)
        if (S & escapeBit(I))
          Verdict.Escapes.push_back(Escapes[I]);
    }
    Verdict.Outlived.push_back(&B);
  }

  void report() {
    if (Where.What == Placement::Escaped) {
      // Gone on the spot: every borrowed object may be outlived.
      for (const Borrow &B : Borrows)
        Verdict.Outlived.push_back(&B);
      Verdict.Escapes.push_back(Where.Esc);
      return;
    }
    for (const CFGBlock *Block : Body.cfg())
      runBlock(*Block, blockInput(*Block), true);
    // The caller's objects and by-value parameters live until the function
    // returns: the thread must be finished by then.
    const CFGBlock &Exit = Body.cfg().getExit();
    const State AtExit = blockInput(Exit);
    for (const Borrow &B : Borrows)
      if (B.Owner == BorrowOwner::Caller || isa_and_nonnull<ParmVarDecl>(B.Object))
        outlive(AtExit, B, functionEnd());
    // Keep the order of the borrows, not of the deaths.
    llvm::sort(Verdict.Outlived, [this](const Borrow *A, const Borrow *B) {
      return A - Borrows.data() < B - Borrows.data();
    });
  }

  SourceLocation functionEnd() const {
    if (const auto *Compound =
            dyn_cast_or_null<CompoundStmt>(Body.function().getBody()))
      return Compound->getRBracLoc();
    return {};
  }

  const Launch &L;
  llvm::ArrayRef<Borrow> Borrows;
  const FunctionCFG &Body;
  Placement Where;
  llvm::DenseSet<const VarDecl *> Containers;
  llvm::DenseMap<const Stmt *, const VarDecl *> JoinLoopStarts;
  llvm::SmallVector<Escape, 4> Escapes;
  llvm::DenseMap<const CFGBlock *, State> Out;
  LifetimeVerdict Verdict;
};

} // namespace

/// True when some lambda in \p S, other than \p Launched, captures \p Var by
/// reference: a scope guard or helper that may join the thread at any time.
bool capturedByReferenceElsewhere(const Stmt *S, const VarDecl *Var,
                                  const LambdaExpr *Launched) {
  if (!S || !Var)
    return false;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S); Lambda && Lambda != Launched)
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCapturedVar() == Var &&
          Capture.getCaptureKind() == LCK_ByRef)
        return true;
  for (const Stmt *Child : S->children())
    if (capturedByReferenceElsewhere(Child, Var, Launched))
      return true;
  return false;
}

/// Where the launch puts its thread, with what only the whole function can
/// tell: a holder that a lambda may join whenever it runs is unknown, and so
/// is a thread returned from a lambda to the function around it (which we
/// do not follow).
Placement placementIn(const Launch &L, const FunctionCFG &Body, bool ForRaces) {
  Placement Where = placementOf(L, Body.context(), ForRaces);
  const auto *Method = dyn_cast<CXXMethodDecl>(&Body.function());
  const bool InLambda = Method && Method->getParent()->isLambda();
  if (Where.What == Placement::Escaped && Where.Esc.What == Escape::Returned &&
      InLambda)
    return {};
  if (Where.What == Placement::Held &&
      capturedByReferenceElsewhere(Body.function().getBody(), Where.Holder,
                                   L.Lambda))
    return {};
  // A holder of the function around a lambda (`auto launch = [&](int i) {
  // threads.emplace_back(...); }`): that function joins it, or not; unknown.
  if (Where.What == Placement::Held && Where.Holder &&
      Where.Holder->getParentFunctionOrMethod() !=
          dyn_cast<DeclContext>(&Body.function()))
    return {};
  return Where;
}

LifetimeVerdict analyzeThreadLifetime(const Launch &L,
                                      llvm::ArrayRef<Borrow> Borrows,
                                      const FunctionCFG &Body) {
  if (Borrows.empty())
    return {};
  return LifetimeAnalysis(L, Borrows, Body,
                          placementIn(L, Body, /*ForRaces=*/false))
      .run();
}

ThreadTimeline::ThreadTimeline(const Launch &L, const FunctionCFG &Body)
    : Body(Body) {
  LifetimeAnalysis(L, {}, Body, placementIn(L, Body, /*ForRaces=*/true))
      .recordStates(StateBefore, PreviousRunMayOverlap, FinishedAt);
}

bool ThreadTimeline::mayRunAt(const Stmt &S) const {
  // The statement itself, or the nearest enclosing one the CFG holds.
  std::optional<FunctionCFG::Position> Position = Body.positionOf(S);
  if (!Position)
    return false;
  const std::optional<CFGStmt> Element =
      (*Position->Block)[Position->Index].getAs<CFGStmt>();
  auto It = Element ? StateBefore.find(Element->getStmt()) : StateBefore.end();
  return It != StateBefore.end() && (It->second & (Running | EscapeBits));
}

std::string escapeDescription(const Escape &E) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  switch (E.What) {
  case Escape::Detached:
    OS << "the thread is detached here";
    break;
  case Escape::Returned:
    OS << "the thread is returned to the caller here";
    break;
  case Escape::StoredInMember:
    OS << "the thread is stored in the member '" << E.Target << "' here";
    break;
  case Escape::StoredInGlobal:
    OS << "the thread is stored in the global '" << E.Target << "' here";
    break;
  case Escape::StoredElsewhere:
    if (E.Target.empty())
      OS << "the thread is stored outside this function here";
    else
      OS << "the thread is stored in '" << E.Target
         << "', which outlives this function, here";
    break;
  case Escape::PassedAway:
    OS << "the thread is moved into '" << E.Target << "' here";
    break;
  case Escape::EscapingCall:
    OS << "the callable is handed to '" << E.Target
       << "', which may run it later, here";
    break;
  case Escape::NotJoined:
    OS << "this path destroys '" << E.Target << "' without joining it";
    break;
  }
  return Text;
}

} // namespace clang::tidy::fearless
