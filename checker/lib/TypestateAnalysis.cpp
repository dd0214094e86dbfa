//===--- TypestateAnalysis.cpp - states of local objects on the CFG -------===//

#include "fearless/checker/TypestateAnalysis.h"
#include "fearless/checker/DebugLog.h"
#include "fearless/checker/LLVMCompat.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/FunctionBodyMatcher.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/LambdaCapture.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"


namespace clang::tidy::fearless {

namespace {

// The facts about one object, as bits: the states it may be in (low 32
// bits), and two flags.
constexpr uint64_t StateMask = 0xffffffffull;
constexpr uint64_t ConsumedBit = 1ull << 32; ///< consumed on some path
constexpr uint64_t UnknownBit = 1ull << 33;  ///< handed to code we cannot see

struct ObjectState {
  uint64_t Bits = 0; ///< 0: not constructed yet on any path
  /// What produced each state (index = state), and the consuming call (last).
  llvm::SmallVector<const Stmt *, 4> Producers;

  bool operator==(const ObjectState &Other) const {
    return Bits == Other.Bits && Producers == Other.Producers;
  }
};

struct Tracked {
  const VarDecl *Var;
  TypestateModel Model;
};

using FlowState = std::vector<ObjectState>;

const VarDecl *variableOf(const Expr *E) {
  const Expr *Plain = E ? stripValuePreservingWrappers(E) : nullptr;
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Plain);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// True for std::move(x) / std::forward(x): the object is handed over.
bool isMoveOf(const Expr *E) {
  const auto *Call = E ? dyn_cast<CallExpr>(E->IgnoreParenImpCasts()) : nullptr;
  return Call && isStdMoveOrForward(*Call);
}

/// `f(std::move(x))`, also through the move construction of a by-value
/// parameter.
bool handedByMove(const Expr *Arg) {
  const Expr *E = Arg->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1 && Construct->getConstructor() &&
      Construct->getConstructor()->isCopyOrMoveConstructor())
    E = Construct->getArg(0)->IgnoreImplicit();
  return isMoveOf(E);
}

bool isPlainStdThread(QualType Type) {
  return isStdThreadType(Type.getNonReferenceType()) &&
         !isStdJThreadType(Type.getNonReferenceType());
}

class Analysis {
public:
  Analysis(const FunctionCFG &Body, const TypestateOptions &Options)
      : Body(Body), Options(Options) {}

  std::vector<TypestateFinding> run() {
    collectTracked();
    if (Objects.empty())
      return {};
    if (!solve()) {
      debugLog("typestate: no fixed point within " + llvm::Twine(MaxSteps) +
                   " steps; the function is not analysed",
               Body.function());
      return {};
    }
    for (const CFGBlock *Block : Body.cfg()) {
      FlowState S = input(*Block);
      for (unsigned I = 0; I < Block->size(); ++I)
        transfer(S, *Block, I, /*Record=*/true);
    }
    return std::move(Findings);
  }

private:
  //--- Which objects ---------------------------------------------------------

  void collectTracked() {
    const auto *Function = dyn_cast<FunctionDecl>(&Body.function());
    if (!Function)
      return;
    for (const ParmVarDecl *Param : Function->parameters())
      track(Param);
    for (const CFGBlock *Block : Body.cfg())
      for (const CFGElement &Element : *Block)
        if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
          if (const auto *Decls = dyn_cast<DeclStmt>(S->getStmt()))
            for (const Decl *D : Decls->decls())
              if (const auto *Var = dyn_cast<VarDecl>(D))
                track(Var);
  }

  void track(const VarDecl *Var) {
    if (!Var->hasLocalStorage() || Var->getType()->isReferenceType() ||
        Index.count(Var) || isAliased(*Var))
      return;
    std::optional<TypestateModel> Model = TypestateModel::of(Var->getType());
    if (!Model)
      return;
    Index[Var] = Objects.size();
    Objects.push_back({Var, std::move(*Model)});
    // The construction of a tracked local is judged with its declaration.
    if (const auto *Init = Var->getInit())
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(
              Init->IgnoreImplicit()))
        InitConstructions.insert(Construct);
  }

  /// True when the function makes another name for \p Var — a pointer
  /// (`&t`), a reference (`std::thread &r = t;`, `auto &&r = std::move(t)`),
  /// an aggregate or list holding it (`Joiner j{t}`, `{&a, &b}`) — through
  /// which it could be joined or changed unseen. Such objects are not
  /// tracked at all.
  /// The body is walked once for every variable at once (asked per
  /// variable, a function with many tracked objects was quadratic).
  bool isAliased(const VarDecl &Var) {
    if (!AliasedKnown) {
      AliasedKnown = true;
      if (const auto *Function = dyn_cast<FunctionDecl>(&Body.function()))
        collectAliased(Function->getBody());
    }
    return Aliased.contains(&Var);
  }

  void collectAliased(const Stmt *S) {
    if (!S)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
          Var && !Aliased.contains(Var) && formsAlias(*Ref))
        Aliased.insert(Var);
    for (const Stmt *Child : S->children())
      collectAliased(Child);
  }

  bool formsAlias(const DeclRefExpr &Ref) const {
    ASTContext &Context = Body.context();
    DynTypedNodeList Parents = parentsOf(Context, Ref);
    // Through parentheses, casts and std::move.
    while (!Parents.empty()) {
      const Expr *Parent = Parents[0].get<Expr>();
      if (!Parent || !(isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr>(Parent) ||
                       (isa<CallExpr>(Parent) && isMoveOf(Parent))))
        break;
      Parents = parentsOf(Context, *Parent);
    }
    if (Parents.empty())
      return false;
    if (const auto *Unary = Parents[0].get<UnaryOperator>())
      return Unary->getOpcode() == UO_AddrOf;
    if (Parents[0].get<InitListExpr>() || Parents[0].get<ParenListExpr>())
      return true;
    if (const auto *Var = Parents[0].get<VarDecl>())
      return Var->getType()->isReferenceType() &&
             !Var->getType().getNonReferenceType().isConstQualified();
    return false;
  }

  std::optional<unsigned> indexOf(const Expr *E) const {
    const VarDecl *Var = variableOf(E);
    auto It = Var ? Index.find(Var) : Index.end();
    if (It == Index.end())
      return std::nullopt;
    return It->second;
  }

  //--- State helpers -----------------------------------------------------------

  FlowState initialState() const {
    FlowState S(Objects.size());
    for (unsigned I = 0; I < Objects.size(); ++I) {
      S[I].Producers.assign(Objects[I].Model.states().size() + 1, nullptr);
      if (isa<ParmVarDecl>(Objects[I].Var))
        S[I].Bits = UnknownBit; // whatever the caller made of it
    }
    return S;
  }

  void set(ObjectState &O, unsigned State, const Stmt *Producer) {
    O.Bits = 1ull << State;
    std::fill(O.Producers.begin(), O.Producers.end(), nullptr);
    O.Producers[State] = Producer;
  }

  static void setUnknown(ObjectState &O) {
    O.Bits = UnknownBit;
    std::fill(O.Producers.begin(), O.Producers.end(), nullptr);
  }

  /// The object's state after it received the value of \p Value.
  void assignFrom(FlowState &S, unsigned Target, const Expr *Value,
                  const Stmt *Producer) {
    const TypestateModel &Model = Objects[Target].Model;
    ObjectState &O = S[Target];
    // `T(args)`, `std::move(x)`, `T{...}`: what is really assigned.
    const Expr *Core = Value ? stripValuePreservingWrappers(Value) : nullptr;
    if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Core)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Ctor && Ctor->isCopyOrMoveConstructor() && Construct->getNumArgs() == 1) {
        assignFrom(S, Target, Construct->getArg(0), Producer);
        return;
      }
      if (std::optional<unsigned> State =
              Ctor ? Model.constructedState(*Ctor, Construct->getNumArgs())
                   : std::nullopt)
        set(O, *State, Producer);
      else
        setUnknown(O);
      return;
    }
    if (std::optional<unsigned> Source = indexOf(Value);
        Source && *Source != Target) {
      O.Bits = S[*Source].Bits;
      O.Producers = S[*Source].Producers;
      if (handedByMove(Value))
        movedFrom(S, *Source, Value);
      return;
    }
    if (const auto *Call = dyn_cast_or_null<CallExpr>(Core)) {
      if (std::optional<unsigned> State =
              Model.returnedState(Call->getDirectCallee()))
        set(O, *State, Producer);
      else
        setUnknown(O);
      return;
    }
    setUnknown(O);
  }

  /// After `std::move(x)` hands x over (at \p Where): in the model's
  /// moved-from state (a std::thread is not joinable), else unknown.
  void movedFrom(FlowState &S, unsigned Object, const Stmt *Where) {
    if (std::optional<unsigned> State = Objects[Object].Model.movedFromState())
      set(S[Object], *State, Where);
    else
      setUnknown(S[Object]);
  }

  //--- Findings --------------------------------------------------------------

  void report(TypestateFinding F) {
    for (const TypestateFinding &Known : Findings)
      if (Known.What == F.What && Known.Object == F.Object && Known.At == F.At)
        return;
    Findings.push_back(std::move(F));
  }

  static const Stmt *producerOf(const ObjectState &O, StateSet States) {
    for (unsigned I = 0; I + 1 < O.Producers.size(); ++I)
      if ((States & (1u << I)) && O.Producers[I])
        return O.Producers[I];
    return nullptr;
  }

  /// An annotated class whose destructor requires states (FEARLESS_REQUIRES
  /// on it): an object that may be destroyed in another state is reported.
  void checkDestruction(const ObjectState &O, unsigned Object, const CFGBlock &Block,
                        unsigned I, const CFGAutomaticObjDtor &Dtor) {
    const TypestateModel &Model = Objects[Object].Model;
    if (Model.kind() != TypestateModel::Kind::Annotated || (O.Bits & UnknownBit))
      return;
    const CXXRecordDecl *Class =
        Dtor.getVarDecl()->getType().getNonReferenceType()->getAsCXXRecordDecl();
    const CXXDestructorDecl *Destructor = Class ? Class->getDestructor() : nullptr;
    if (!Destructor)
      return;
    const StateSet Required = Model.semantics(*Destructor).Requires;
    const StateSet Possible = static_cast<StateSet>(O.Bits & StateMask);
    if (Required == 0 || (Possible & ~Required) == 0)
      return;
    TypestateFinding F;
    F.What = TypestateFinding::DestroyedInWrongState;
    F.Object = Dtor.getVarDecl();
    F.Method = Destructor;
    F.Offending = Possible & ~Required;
    F.Required = Required;
    F.Producer = producerOf(O, F.Offending);
    F.LeavesAt = Body.leavingPoint(Block, I, Dtor.getVarDecl());
    report(std::move(F));
  }

  //--- Transfer --------------------------------------------------------------

  void transfer(FlowState &S, const CFGBlock &Block, unsigned I, bool Record) {
    const CFGElement &Element = Block[I];
    if (std::optional<CFGAutomaticObjDtor> Dtor =
            Element.getAs<CFGAutomaticObjDtor>()) {
      auto It = Index.find(Dtor->getVarDecl());
      if (It == Index.end())
        return;
      const ObjectState &O = S[It->second];
      if (Record && isPlainStdThread(Dtor->getVarDecl()->getType()) &&
          !(O.Bits & UnknownBit) && (O.Bits & (1ull << 1))) {
        TypestateFinding F;
        F.What = TypestateFinding::JoinableAtEnd;
        F.Object = Dtor->getVarDecl();
        F.Producer = producerOf(O, 1u << 1);
        F.LeavesAt = Body.leavingPoint(Block, I, Dtor->getVarDecl());
        report(std::move(F));
      }
      if (Record)
        checkDestruction(O, It->second, Block, I, *Dtor);
      // Destroyed: nothing to say about it until it is constructed again.
      S[It->second].Bits = 0;
      return;
    }
    std::optional<CFGStmt> Statement = Element.getAs<CFGStmt>();
    if (!Statement)
      return;
    const Stmt &St = *Statement->getStmt();

    if (const auto *Decls = dyn_cast<DeclStmt>(&St)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (auto It = Index.find(Var); It != Index.end())
            assignFrom(S, It->second, Var->getInit(), Decls);
      return;
    }
    if (const auto *Return = dyn_cast<ReturnStmt>(&St)) {
      // Returning the object hands it to the caller.
      if (std::optional<unsigned> Object = indexOf(Return->getRetValue()))
        movedFrom(S, *Object, Return);
      return;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(&St)) {
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
          if (auto It = Index.find(dyn_cast<VarDecl>(Capture.getCapturedVar()));
              It != Index.end())
            setUnknown(S[It->second]);
      return;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&St);
        Operator && Operator->getOperator() == OO_Equal &&
        Operator->getNumArgs() == 2)
      if (std::optional<unsigned> Target = indexOf(Operator->getArg(0))) {
        const ObjectState &O = S[*Target];
        if (Record && isPlainStdThread(Objects[*Target].Var->getType()) &&
            !(O.Bits & UnknownBit) && (O.Bits & (1ull << 1))) {
          TypestateFinding F;
          F.What = TypestateFinding::JoinableAtAssign;
          F.Object = Objects[*Target].Var;
          F.At = Operator;
          F.Producer = producerOf(O, 1u << 1);
          report(std::move(F));
        }
        assignFrom(S, *Target, Operator->getArg(1), Operator);
        return;
      }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&St))
      if (std::optional<unsigned> Object =
              indexOf(Member->getImplicitObjectArgument())) {
        memberCall(S, *Object, *Member, Member->getMethodDecl(), Record);
        // `t2.swap(t)`: the other objects handed to the call.
        handOver(S, Member->arguments(), Member->getDirectCallee());
        return;
      }
    // Operators of an annotated class (`conn << data`, `machine()`), except
    // the assignment handled above, are member calls too.
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&St);
        Operator && Operator->getNumArgs() >= 1 &&
        isa_and_nonnull<CXXMethodDecl>(Operator->getDirectCallee()))
      if (std::optional<unsigned> Object = indexOf(Operator->getArg(0))) {
        memberCall(S, *Object, *Operator,
                   cast<CXXMethodDecl>(Operator->getDirectCallee()), Record);
        return;
      }
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(&St)) {
      if (Record && Options.ExceptionalPaths)
        mayThrowAt(S, *Throw);
      return;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(&St)) {
      if (!InitConstructions.contains(Construct))
        handOver(S, Construct->arguments(), Construct->getConstructor());
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(&St)) {
      if (stripValuePreservingWrappers(Call) != Call)
        return; // std::move(x) itself hands nothing over
      // Handed over first: a thread moved into the call is the callee's.
      // (A member operator's first argument is its object, not a parameter.)
      auto Arguments = Call->arguments();
      if (isa<CXXOperatorCallExpr>(Call) &&
          isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee()) &&
          Call->getNumArgs() > 0)
        Arguments = llvm::drop_begin(Arguments);
      handOver(S, Arguments, Call->getDirectCallee());
      if (Record && Options.ExceptionalPaths)
        mayThrow(S, *Call);
    }
  }

  void memberCall(FlowState &S, unsigned Object, const CallExpr &Call,
                  const CXXMethodDecl *Method, bool Record) {
    if (!Method)
      return;
    const Tracked &T = Objects[Object];
    ObjectState &O = S[Object];
    const MethodSemantics Semantics = T.Model.semantics(*Method);
    if (Record && O.Bits && !(O.Bits & UnknownBit)) {
      if (O.Bits & ConsumedBit) {
        TypestateFinding F;
        F.What = TypestateFinding::UsedAfterConsume;
        F.Object = T.Var;
        F.At = &Call;
        F.Method = Method;
        F.Producer = O.Producers.back();
        report(std::move(F));
      } else if (const StateSet Wrong =
                     Semantics.Requires
                         ? static_cast<StateSet>(O.Bits & StateMask) &
                               ~Semantics.Requires
                         : 0) {
        TypestateFinding F;
        F.What = TypestateFinding::WrongState;
        F.Object = T.Var;
        F.At = &Call;
        F.Method = Method;
        F.Offending = Wrong;
        F.Required = Semantics.Requires;
        F.Producer = producerOf(O, Wrong);
        report(std::move(F));
      }
    }
    if (Semantics.Consumes) {
      O.Bits = ConsumedBit;
      std::fill(O.Producers.begin(), O.Producers.end(), nullptr);
      O.Producers.back() = &Call;
    } else if (Semantics.Transition) {
      set(O, *Semantics.Transition, &Call);
    } else if (Method->getIdentifier() && Method->getName() == "swap") {
      setUnknown(O);
    }
  }

  /// Arguments handed to a call or a constructor: by address or non-const
  /// reference the object becomes unknown; moved, it is handed over.
  template <typename Args>
  void handOver(FlowState &S, Args Arguments, const FunctionDecl *Callee) {
    unsigned I = 0;
    for (const Expr *Arg : Arguments) {
      const unsigned ParamIndex = I++;
      const auto *Unary = dyn_cast<UnaryOperator>(Arg->IgnoreParenImpCasts());
      if (Unary && Unary->getOpcode() == UO_AddrOf) {
        if (std::optional<unsigned> Object = indexOf(Unary->getSubExpr()))
          setUnknown(S[*Object]);
        continue;
      }
      std::optional<unsigned> Object = indexOf(Arg);
      if (!Object)
        continue;
      if (handedByMove(Arg)) {
        movedFrom(S, *Object, Arg);
        continue;
      }
      QualType Param;
      if (Callee && ParamIndex < Callee->getNumParams())
        Param = Callee->getParamDecl(ParamIndex)->getType();
      if (Param.isNull() || (Param->isReferenceType() &&
                             !Param.getNonReferenceType().isConstQualified()))
        setUnknown(S[*Object]);
    }
  }

  /// With ExceptionalPaths: a call that may throw while a std::thread may be
  /// joinable (its destructor would then run during unwinding).
  void mayThrow(const FlowState &S, const CallExpr &Call) {
    const FunctionDecl *Callee = Call.getDirectCallee();
    if (!Callee)
      return;
    const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
    if (Proto && Proto->isNothrow())
      return;
    mayThrowAt(S, Call);
  }

  void mayThrowAt(const FlowState &S, const Expr &Thrower) {
    for (unsigned I = 0; I < Objects.size(); ++I) {
      const ObjectState &O = S[I];
      if (!isPlainStdThread(Objects[I].Var->getType()) || (O.Bits & UnknownBit) ||
          !(O.Bits & (1ull << 1)))
        continue;
      TypestateFinding F;
      F.What = TypestateFinding::JoinableAtThrow;
      F.Object = Objects[I].Var;
      F.At = &Thrower;
      F.Producer = producerOf(O, 1u << 1);
      report(std::move(F));
    }
  }

  //--- Solver ----------------------------------------------------------------

  static void merge(FlowState &Into, const FlowState &From) {
    for (unsigned I = 0; I < Into.size(); ++I) {
      Into[I].Bits |= From[I].Bits;
      for (unsigned P = 0; P < Into[I].Producers.size(); ++P)
        if (!Into[I].Producers[P])
          Into[I].Producers[P] = From[I].Producers[P];
    }
  }

  /// `if (t.joinable())`, `if (!f.valid())`: what the branch taken tells.
  void refine(FlowState &S, const CFGBlock &From, unsigned SuccIndex) const {
    const auto *Condition = dyn_cast_or_null<Expr>(From.getLastCondition());
    if (!Condition)
      return;
    bool Negated = false;
    const Expr *E = Condition->IgnoreParenImpCasts();
    for (unsigned Depth = 0; Depth < 4; ++Depth) {
      if (const auto *Not = dyn_cast<UnaryOperator>(E);
          Not && Not->getOpcode() == UO_LNot) {
        Negated = !Negated;
        E = Not->getSubExpr()->IgnoreParenImpCasts();
        continue;
      }
      // `q == true`, `q != false`, and `t.get_id() != std::thread::id()`.
      if (std::optional<Comparison> Compare = comparisonOf(*E)) {
        if (const auto *Literal =
                dyn_cast<CXXBoolLiteralExpr>(Compare->RHS->IgnoreParenImpCasts())) {
          Negated ^= (Literal->getValue() != Compare->Equal);
          E = Compare->LHS->IgnoreParenImpCasts();
          continue;
        }
        if (isNoThreadId(*Compare->RHS))
          if (const auto *GetId = dyn_cast<CXXMemberCallExpr>(
                  Compare->LHS->IgnoreParenImpCasts());
              GetId && GetId->getMethodDecl() &&
              GetId->getMethodDecl()->getIdentifier() &&
              GetId->getMethodDecl()->getName() == "get_id")
            if (std::optional<unsigned> Object =
                    indexOf(GetId->getImplicitObjectArgument());
                Object && Objects[*Object].Model.kind() ==
                              TypestateModel::Kind::StdThread) {
              // get_id() differs from a default id exactly when joinable.
              const bool TrueBranch = (SuccIndex == 0) != Negated;
              const bool Joinable = TrueBranch != Compare->Equal;
              narrow(S[*Object], Joinable ? 1 : 0, GetId);
              return;
            }
      }
      break;
    }
    // `if (bool j = t.joinable(); j)`: a flag declared by the if itself holds
    // the query's answer (nothing can change the object in between).
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *Flag = dyn_cast<VarDecl>(Ref->getDecl());
          Flag && Flag->getType()->isBooleanType() && Flag->getInit() &&
          isDeclaredByIf(*Flag, From.getTerminatorStmt()))
        E = Flag->getInit()->IgnoreParenImpCasts();
    const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
    if (!Call || !Call->getMethodDecl())
      return;
    std::optional<unsigned> Object = indexOf(Call->getImplicitObjectArgument());
    if (!Object)
      return;
    std::optional<TypestateModel::Query> Query =
        Objects[*Object].Model.query(*Call->getMethodDecl());
    if (!Query)
      return;
    const bool TrueBranch = (SuccIndex == 0) != Negated;
    narrow(S[*Object], TrueBranch ? Query->WhenTrue : Query->WhenFalse, Call);
  }

  /// On a branch that tells the object is in \p State.
  static void narrow(ObjectState &O, unsigned State, const Stmt *Query) {
    const Stmt *Producer = O.Producers[State] ? O.Producers[State] : Query;
    const uint64_t Consumed = O.Bits & ConsumedBit;
    O.Bits = (1ull << State) | Consumed;
    const Stmt *ConsumedBy = O.Producers.back();
    std::fill(O.Producers.begin(), O.Producers.end(), nullptr);
    O.Producers[State] = Producer;
    O.Producers.back() = ConsumedBy;
  }

  struct Comparison {
    const Expr *LHS;
    const Expr *RHS;
    bool Equal; ///< == rather than !=
  };

  /// `a == b` / `a != b`, built-in, overloaded or rewritten (C++20), with a
  /// literal or a default-constructed id moved to the right.
  static std::optional<Comparison> comparisonOf(const Expr &E) {
    std::optional<Comparison> Result;
    if (const auto *Binary = dyn_cast<BinaryOperator>(&E);
        Binary && Binary->isEqualityOp())
      Result = Comparison{Binary->getLHS(), Binary->getRHS(),
                          Binary->getOpcode() == BO_EQ};
    else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&E);
             Operator && Operator->getNumArgs() == 2 &&
             (Operator->getOperator() == OO_EqualEqual ||
              Operator->getOperator() == OO_ExclaimEqual))
      Result = Comparison{Operator->getArg(0), Operator->getArg(1),
                          Operator->getOperator() == OO_EqualEqual};
    else if (const auto *Rewritten = dyn_cast<CXXRewrittenBinaryOperator>(&E)) {
      const CXXRewrittenBinaryOperator::DecomposedForm Form =
          Rewritten->getDecomposedForm();
      if (Form.Opcode == BO_EQ || Form.Opcode == BO_NE)
        Result = Comparison{Form.LHS, Form.RHS, Form.Opcode == BO_EQ};
    }
    if (Result && (isa<CXXBoolLiteralExpr>(Result->LHS->IgnoreParenImpCasts()) ||
                   isNoThreadId(*Result->LHS)))
      std::swap(Result->LHS, Result->RHS);
    return Result;
  }

  /// `std::thread::id()`: the id of no thread.
  static bool isNoThreadId(const Expr &E) {
    const auto *Construct =
        dyn_cast<CXXConstructExpr>(stripValuePreservingWrappers(&E));
    const CXXRecordDecl *Record =
        Construct ? Construct->getType()->getAsCXXRecordDecl() : nullptr;
    if (!Record || Construct->getNumArgs() != 0 || !Record->getIdentifier() ||
        Record->getName() != "id")
      return false;
    const auto *Thread = dyn_cast<CXXRecordDecl>(Record->getDeclContext());
    return Thread && isStdThreadType(compat::typeOfRecord(*Thread));
  }

  /// True when \p Flag is the init-statement or condition variable of the
  /// `if` that ends the block, and is not written in the condition.
  /// Also `bool j = t.joinable();` as the statement right before the `if`.
  bool isDeclaredByIf(const VarDecl &Flag, const Stmt *Terminator) const {
    const auto *If = dyn_cast_or_null<IfStmt>(Terminator);
    if (!If)
      return false;
    if (If->getConditionVariable() == &Flag)
      return true;
    auto Declares = [&Flag](const Stmt *S) {
      const auto *Decls = dyn_cast_or_null<DeclStmt>(S);
      return Decls && Decls->isSingleDecl() && Decls->getSingleDecl() == &Flag;
    };
    if (Declares(If->getInit()))
      return true;
    DynTypedNodeList Parents = parentsOf(Body.context(), *If);
    const auto *Block = Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
    if (!Block)
      return false;
    const Stmt *Previous = nullptr;
    for (const Stmt *S : Block->body()) {
      if (S == If)
        return Declares(Previous);
      Previous = S;
    }
    return false;
  }

  FlowState input(const CFGBlock &Block) {
    if (&Block == &Body.cfg().getEntry())
      return initialState();
    FlowState In = initialState();
    for (ObjectState &O : In)
      O.Bits = 0;
    for (const CFGBlock *Pred : Block.preds()) {
      if (!Pred)
        continue;
      auto It = Out.find(Pred);
      if (It == Out.end())
        continue;
      unsigned SuccIndex = 0;
      for (const CFGBlock::AdjacentBlock &Succ : Pred->succs()) {
        if (Succ.getReachableBlock() == &Block) {
          FlowState Edge = It->second;
          refine(Edge, *Pred, SuccIndex);
          merge(In, Edge);
        }
        ++SuccIndex;
      }
    }
    return In;
  }

  /// Blocks the solver may visit: a budget far above what real functions
  /// need (each block is revisited only when a state it joins changes).
  static constexpr unsigned MaxSteps = 50000;

  /// Returns false when the fixed point was not reached within the budget
  /// (then nothing is reported: partial results could be wrong).
  bool solve() {
    llvm::SmallVector<const CFGBlock *, 16> Worklist{&Body.cfg().getEntry()};
    llvm::DenseSet<const CFGBlock *> Queued{&Body.cfg().getEntry()};
    unsigned Steps = 0;
    while (!Worklist.empty()) {
      if (++Steps > MaxSteps)
        return false;
      const CFGBlock *Block = Worklist.pop_back_val();
      Queued.erase(Block);
      FlowState S = input(*Block);
      for (unsigned I = 0; I < Block->size(); ++I)
        transfer(S, *Block, I, /*Record=*/false);
      auto [It, Inserted] = Out.try_emplace(Block, S);
      if (!Inserted) {
        FlowState Merged = It->second;
        merge(Merged, S);
        if (Merged == It->second)
          continue;
        It->second = std::move(Merged);
      }
      for (const CFGBlock *Succ : Block->succs())
        if (Succ && Queued.insert(Succ).second)
          Worklist.push_back(Succ);
    }
    return true;
  }

  const FunctionCFG &Body;
  const TypestateOptions &Options;
  std::vector<Tracked> Objects;
  llvm::DenseMap<const VarDecl *, unsigned> Index;
  /// The variables of the function that get another name (isAliased).
  llvm::DenseSet<const VarDecl *> Aliased;
  bool AliasedKnown = false;
  llvm::DenseSet<const CXXConstructExpr *> InitConstructions;
  llvm::DenseMap<const CFGBlock *, FlowState> Out;
  std::vector<TypestateFinding> Findings;
};

} // namespace

static bool declaresTypestateObject(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Decls = dyn_cast<DeclStmt>(S))
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
          TypestateModel::of(Var->getType()))
        return true;
  for (const Stmt *Child : S->children())
    if (declaresTypestateObject(Child))
      return true;
  return false;
}

bool hasTypestateObjects(const FunctionDecl &Function) {
  for (const ParmVarDecl *Param : Function.parameters())
    if (TypestateModel::of(Param->getType()))
      return true;
  return declaresTypestateObject(Function.getBody());
}

std::vector<TypestateFinding> analyzeMatchedFunction(
    const ast_matchers::MatchFinder::MatchResult &Result,
    const TypestateOptions &Options) {
  const FunctionDecl *Function = matchedFunctionBody(Result);
  if (!Function || !hasTypestateObjects(*Function))
    return {};
  std::unique_ptr<FunctionCFG> Body = FunctionCFG::build(*Function, *Result.Context);
  if (!Body)
    return {};
  return analyzeTypestates(*Body, Options);
}

std::vector<TypestateFinding> analyzeTypestates(const FunctionCFG &Body,
                                                const TypestateOptions &Options) {
  return Analysis(Body, Options).run();
}

} // namespace clang::tidy::fearless
