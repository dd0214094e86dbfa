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
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"


namespace clang::tidy::fearless {

namespace {

/// What the analysis knows about one object at one point.
struct ObjectState {
  /// The states it may be in.
  StateSet States;
  /// Consumed on some path.
  bool Consumed = false;
  /// Handed to code we cannot see on some path: nothing is reported.
  bool Unknown = false;
  /// What produced each state (index = state), and the consuming call (last).
  llvm::SmallVector<const Stmt *, 4> Producers;

  /// False before construction (and on a path no execution takes).
  bool constructed() const { return States.any() || Consumed || Unknown; }

  bool operator==(const ObjectState &Other) const {
    return States == Other.States && Consumed == Other.Consumed &&
           Unknown == Other.Unknown && Producers == Other.Producers;
  }
};

struct Tracked {
  /// A variable, a parameter or a structured binding.
  const ValueDecl *Decl;
  TypestateModel Model;
  /// The variable whose destruction ends the object: itself, or the
  /// structured binding's hidden variable; null for a reference parameter.
  const VarDecl *Owner;
  /// For a parameter: its position, for its annotations.
  std::optional<unsigned> ParamIndex;
};

using FlowState = std::vector<ObjectState>;

/// The variable, parameter or structured binding \p E names.
const ValueDecl *objectNamedBy(const Expr *E) {
  const Expr *Plain = E ? stripValuePreservingWrappers(E) : nullptr;
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Plain);
  if (!Ref || !isa<VarDecl, BindingDecl>(Ref->getDecl()))
    return nullptr;
  return Ref->getDecl();
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

/// The copy or move construction of a by-value parameter from an object:
/// `f(x)`, `f(std::move(x))`.
const CXXConstructExpr *parameterConstruction(const Expr *Arg) {
  const auto *Construct = dyn_cast<CXXConstructExpr>(Arg->IgnoreImplicit());
  if (Construct && Construct->getNumArgs() == 1 && Construct->getConstructor() &&
      Construct->getConstructor()->isCopyOrMoveConstructor())
    return Construct;
  return nullptr;
}

bool isPlainStdThread(QualType Type) {
  return isStdThreadType(Type.getNonReferenceType()) &&
         !isStdJThreadType(Type.getNonReferenceType());
}

/// The implicit default edge of a `switch` without `default:` whose cases
/// cover every value of its bool or enum condition: no execution takes it.
/// (Clang adds the default edge last.)
bool isImpossibleDefaultEdge(const CFGBlock &From, unsigned SuccIndex,
                             ASTContext &Context) {
  const auto *Switch = dyn_cast_or_null<SwitchStmt>(From.getTerminatorStmt());
  if (!Switch || SuccIndex + 1 != From.succ_size() || !Switch->getCond())
    return false;
  llvm::SmallVector<llvm::APSInt, 8> Values;
  for (const SwitchCase *Case = Switch->getSwitchCaseList(); Case;
       Case = Case->getNextSwitchCase()) {
    const auto *Labelled = dyn_cast<CaseStmt>(Case);
    if (!Labelled || Labelled->caseStmtIsGNURange())
      return false; // a default, or a range we do not count
    Expr::EvalResult Value;
    if (Labelled->getLHS()->isValueDependent() ||
        !Labelled->getLHS()->EvaluateAsInt(Value, Context))
      return false;
    Values.push_back(Value.Val.getInt());
  }
  auto Covered = [&Values](const llvm::APSInt &Wanted) {
    return llvm::any_of(Values, [&Wanted](const llvm::APSInt &Value) {
      return llvm::APSInt::isSameValue(Value, Wanted);
    });
  };
  const QualType Type = Switch->getCond()->IgnoreParenImpCasts()->getType();
  if (Type->isBooleanType())
    return Covered(llvm::APSInt::get(0)) && Covered(llvm::APSInt::get(1));
  const auto *Enum = Type->getAs<EnumType>();
  if (!Enum || !Enum->getDecl()->isCompleteDefinition() ||
      Enum->getDecl()->enumerators().empty())
    return false;
  return llvm::all_of(Enum->getDecl()->enumerators(),
                      [&Covered](const EnumConstantDecl *Enumerator) {
                        return Covered(Enumerator->getInitVal());
                      });
}

/// The source text of a short condition, for a path note.
std::string conditionText(const Expr &Condition, ASTContext &Context) {
  const SourceRange Range = Condition.getSourceRange();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return "";
  const llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Range), Context.getSourceManager(),
      Context.getLangOpts());
  if (Text.empty() || Text.size() > 40 || Text.contains('\n'))
    return "";
  return Text.str();
}

class Analysis {
public:
  Analysis(const FunctionCFG &Body, const TypestateOptions &Options)
      : Body(Body), Options(Options) {}

  std::vector<TypestateFinding> run() {
    collectTracked();
    if (Objects.empty())
      return {};
    collectArgumentConstructions();
    collectCorrelatedFlags();
    Entry = entryState();
    NoPath = Entry;
    for (ObjectState &O : NoPath) {
      O.States.reset();
      O.Unknown = false;
    }
    // Once per value of the correlated flags (once when there are none):
    // each run follows only the paths on which every flag keeps one value.
    for (unsigned Values = 0; Values < (1u << Flags.size()); ++Values) {
      FlagValues = Values;
      Out.clear();
      if (!solve()) {
        debugLog("typestate: no fixed point within " + llvm::Twine(MaxSteps) +
                     " steps; the function is not analysed",
                 Body.function());
        return {};
      }
      for (const CFGBlock *Block : Body.cfg()) {
        if (!Out.count(Block) && Block != &Body.cfg().getEntry())
          continue; // not reached on these paths
        FlowState S = input(*Block);
        for (unsigned I = 0; I < Block->size(); ++I)
          transfer(S, *Block, I, /*Record=*/true);
        if (fallsOffTheEnd(*Block))
          checkParametersLeft(S, *Block, Block->size(), nullptr);
      }
    }
    return std::move(Findings);
  }

private:
  //--- Which objects ---------------------------------------------------------

  void collectTracked() {
    const auto *Function = dyn_cast<FunctionDecl>(&Body.function());
    if (!Function)
      return;
    for (unsigned I = 0; I < Function->getNumParams(); ++I)
      track(Function->getParamDecl(I), Function->getParamDecl(I), I);
    for (const CFGBlock *Block : Body.cfg())
      for (const CFGElement &Element : *Block)
        if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
          if (const auto *Decls = dyn_cast<DeclStmt>(S->getStmt()))
            for (const Decl *D : Decls->decls()) {
              const auto *Var = dyn_cast<VarDecl>(D);
              if (!Var || Var->getType()->isReferenceType())
                continue;
              track(Var, Var, std::nullopt);
              // `auto [tx, rx] = channel();`: each binding names a part of
              // the hidden variable, destroyed with it.
              if (const auto *Decomposition = dyn_cast<DecompositionDecl>(Var))
                for (const BindingDecl *Binding : Decomposition->bindings())
                  track(Binding, Decomposition, std::nullopt);
            }
  }

  /// Records the copies and moves of tracked objects into by-value
  /// parameters of every call (and constructor) of the function, and into
  /// the returned value.
  void collectArgumentConstructions() {
    for (const CFGBlock *Block : Body.cfg())
      for (const CFGElement &Element : *Block)
        if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>()) {
          llvm::ArrayRef<const Expr *> Arguments;
          const Expr *Returned = nullptr;
          if (const auto *Call = dyn_cast<CallExpr>(S->getStmt()))
            Arguments = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
          else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S->getStmt()))
            Arguments = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
          else if (const auto *Return = dyn_cast<ReturnStmt>(S->getStmt());
                   Return && (Returned = Return->getRetValue()))
            Arguments = llvm::ArrayRef(Returned);
          for (const Expr *Arg : Arguments)
            if (const CXXConstructExpr *Copy = parameterConstruction(Arg))
              if (indexOf(Copy->getArg(0)))
                ArgumentConstructions.insert(Copy);
        }
  }

  void track(const ValueDecl *Decl, const VarDecl *Owner,
             std::optional<unsigned> ParamIndex) {
    const auto *Var = dyn_cast<VarDecl>(Decl);
    if (Var && !Var->hasLocalStorage())
      return;
    // A reference names the caller's object: only a parameter's is ours to
    // follow (the caller hands it over for the call).
    const bool Reference = Decl->getType()->isReferenceType();
    if ((Reference && !ParamIndex) || Index.count(Decl) || isAliased(*Decl))
      return;
    std::optional<TypestateModel> Model = TypestateModel::of(Decl->getType());
    if (!Model)
      return;
    Index[Decl] = Objects.size();
    if (!Reference)
      ByOwner[Owner].push_back(Objects.size());
    Objects.push_back({Decl, std::move(*Model), Reference ? nullptr : Owner,
                       ParamIndex});
    // The construction of a tracked local is judged with its declaration.
    if (Var)
      if (const auto *Init = Var->getInit())
        if (const auto *Construct = dyn_cast<CXXConstructExpr>(
                Init->IgnoreImplicit()))
          InitConstructions.insert(Construct);
  }

  /// True when the function makes another name for \p Object — a pointer
  /// (`&t`), a reference (`std::thread &r = t;`, `auto &&r = std::move(t)`),
  /// an aggregate or list holding it (`Joiner j{t}`, `{&a, &b}`) — through
  /// which it could be joined or changed unseen. Such objects are not
  /// tracked at all.
  /// The body is walked once for every variable at once (asked per
  /// variable, a function with many tracked objects was quadratic).
  bool isAliased(const ValueDecl &Object) {
    if (!AliasedKnown) {
      AliasedKnown = true;
      if (const auto *Function = dyn_cast<FunctionDecl>(&Body.function()))
        collectAliased(Function->getBody());
    }
    return Aliased.contains(&Object);
  }

  void collectAliased(const Stmt *S) {
    if (!S)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const ValueDecl *Named = Ref->getDecl();
          isa<VarDecl, BindingDecl>(Named) && !Aliased.contains(Named) &&
          formsAlias(*Ref))
        Aliased.insert(Named);
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
    const ValueDecl *Named = objectNamedBy(E);
    auto It = Named ? Index.find(Named) : Index.end();
    if (It == Index.end())
      return std::nullopt;
    return It->second;
  }

  //--- Correlated flags --------------------------------------------------------

  /// Bool locals and parameters that several branches test and nothing
  /// changes after their initialisation: the branches on one are
  /// correlated. At most MaxFlags of them (the most tested), each doubling
  /// the work.
  void collectCorrelatedFlags() {
    llvm::DenseMap<const VarDecl *, unsigned> Tests;
    for (const CFGBlock *Block : Body.cfg())
      if (const VarDecl *Flag = testedFlag(*Block))
        ++Tests[Flag];
    llvm::SmallVector<std::pair<unsigned, const VarDecl *>, 4> Candidates;
    for (const auto &[Flag, Count] : Tests)
      if (Count >= 2 && isUnchanged(*Flag))
        Candidates.push_back({Count, Flag});
    llvm::sort(Candidates, [](const auto &A, const auto &B) {
      return A.first != B.first ? A.first > B.first
                                : A.second->getLocation() < B.second->getLocation();
    });
    for (const auto &Candidate : Candidates)
      if (Flags.size() < MaxFlags)
        Flags.push_back(Candidate.second);
  }

  /// The bool variable a block's branch tests (`if (b)`, `!b && ...`).
  static const VarDecl *testedFlag(const CFGBlock &Block) {
    const auto *Condition = dyn_cast_or_null<Expr>(Block.getLastCondition());
    if (!Condition || Block.succ_size() != 2)
      return nullptr;
    bool Negated = false;
    const auto *Ref = dyn_cast<DeclRefExpr>(peelNegations(Condition, Negated));
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType() ||
        !Var->getType()->isBooleanType())
      return nullptr;
    return Var;
  }

  /// Every use of \p Flag in the function reads its value.
  bool isUnchanged(const VarDecl &Flag) const {
    const auto *Function = dyn_cast<FunctionDecl>(&Body.function());
    return Function && onlyReads(Function->getBody(), Flag);
  }

  bool onlyReads(const Stmt *S, const VarDecl &Flag) const {
    if (!S)
      return true;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == &Flag) {
      DynTypedNodeList Parents = parentsOf(Body.context(), *Ref);
      while (!Parents.empty() && Parents[0].get<ParenExpr>())
        Parents = parentsOf(Body.context(), Parents[0]);
      const auto *Cast = Parents.empty() ? nullptr : Parents[0].get<ImplicitCastExpr>();
      return Cast && Cast->getCastKind() == CK_LValueToRValue;
    }
    for (const Stmt *Child : S->children())
      if (!onlyReads(Child, Flag))
        return false;
    return true;
  }

  /// The value \p Flag has on the paths of this run, if it is correlated.
  std::optional<bool> flagValue(const VarDecl *Flag) const {
    for (unsigned I = 0; I < Flags.size(); ++I)
      if (Flags[I] == Flag)
        return (FlagValues >> I) & 1u;
    return std::nullopt;
  }

  //--- State helpers -----------------------------------------------------------

  /// The state at the function's entry: locals not constructed yet,
  /// parameters as their annotations or callers made them.
  FlowState entryState() const {
    FlowState S(Objects.size());
    const auto *Function = dyn_cast<FunctionDecl>(&Body.function());
    for (unsigned I = 0; I < Objects.size(); ++I) {
      const Tracked &T = Objects[I];
      S[I].States = T.Model.none();
      S[I].Producers.assign(T.Model.states().size() + 1, nullptr);
      if (!T.ParamIndex || !Function)
        continue;
      // A parameter is in the states its annotation expects, or whatever
      // the caller made of it.
      StateSet Expected = T.Model.expectedOfParameter(*Function, *T.ParamIndex);
      if (Expected.any())
        S[I].States = std::move(Expected);
      else
        S[I].Unknown = true;
    }
    return S;
  }

  void set(ObjectState &O, unsigned State, const Stmt *Producer) {
    O.States.reset();
    O.States.set(State);
    O.Consumed = false;
    O.Unknown = false;
    std::fill(O.Producers.begin(), O.Producers.end(), nullptr);
    O.Producers[State] = Producer;
  }

  static void setUnknown(ObjectState &O) {
    O.States.reset();
    O.Consumed = false;
    O.Unknown = true;
    std::fill(O.Producers.begin(), O.Producers.end(), nullptr);
  }

  static void setConsumed(ObjectState &O, const Stmt *By) {
    O.States.reset();
    O.Consumed = true;
    O.Unknown = false;
    std::fill(O.Producers.begin(), O.Producers.end(), nullptr);
    O.Producers.back() = By;
  }

  /// Known on every path: what is reported about it is certain to the
  /// analysis.
  static bool isKnown(const ObjectState &O) { return O.constructed() && !O.Unknown; }

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
      if (Objects[*Source].Model.states() != Model.states()) {
        setUnknown(O); // another class's states
        return;
      }
      O = S[*Source];
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

  /// One finding per kind, object and place (a parameter left in a wrong
  /// state is reported at each return that leaves it so).
  void report(TypestateFinding F) {
    for (const TypestateFinding &Known : Findings)
      if (Known.What == F.What && Known.Object == F.Object && Known.At == F.At &&
          (F.What != TypestateFinding::LeftInWrongState || Known.LeavesAt == F.LeavesAt))
        return;
    Findings.push_back(std::move(F));
  }

  static const Stmt *producerOf(const ObjectState &O, const StateSet &States) {
    for (unsigned I = 0; I + 1 < O.Producers.size(); ++I)
      if (I < States.size() && States.test(I) && O.Producers[I])
        return O.Producers[I];
    return nullptr;
  }

  /// The states of \p O outside \p Allowed, when it is known and \p Allowed
  /// restricts anything.
  static std::optional<StateSet> outside(const ObjectState &O,
                                         const StateSet &Allowed) {
    if (!isKnown(O) || Allowed.none())
      return std::nullopt;
    StateSet Wrong = O.States;
    Wrong.reset(Allowed);
    if (Wrong.none())
      return std::nullopt;
    return Wrong;
  }

  /// The finding that object \p Object, in \p O, may be in a state outside
  /// \p Allowed, or none when it may not: the states, what is allowed and
  /// what produced the offending state; the caller says where.
  std::optional<TypestateFinding> stateOutside(TypestateFinding::Kind What,
                                               unsigned Object, const ObjectState &O,
                                               const StateSet &Allowed) const {
    std::optional<StateSet> Wrong = outside(O, Allowed);
    if (!Wrong)
      return std::nullopt;
    TypestateFinding F;
    F.What = What;
    F.Object = Objects[Object].Decl;
    F.Offending = *Wrong;
    F.Required = Allowed;
    F.Producer = producerOf(O, *Wrong);
    return F;
  }

  /// An object of a class with final states (FEARLESS_FINAL_STATES, or
  /// FEARLESS_REQUIRES on the destructor) that may be destroyed in another
  /// state is reported, with the path that leaves it so.
  void checkDestruction(const ObjectState &O, unsigned Object, const CFGBlock &Block,
                        unsigned I) {
    std::optional<TypestateFinding> F =
        stateOutside(TypestateFinding::DestroyedInWrongState, Object, O,
                     Objects[Object].Model.finalStates());
    if (!F)
      return;
    F->LeavesAt = Body.leavingPoint(Block, I, Objects[Object].Owner);
    F->Path = explainPath(Block, Object, F->Offending, F->Producer);
    report(std::move(*F));
  }

  /// A reference parameter promised to be left in a state
  /// (FEARLESS_LEAVES_IN), where the function returns at element \p I of
  /// \p Block (\p Return, or the end of the body when null).
  void checkParametersLeft(const FlowState &S, const CFGBlock &Block, unsigned I,
                           const ReturnStmt *Return) {
    const auto *Function = dyn_cast<FunctionDecl>(&Body.function());
    if (!Function)
      return;
    for (unsigned Object = 0; Object < Objects.size(); ++Object) {
      const Tracked &T = Objects[Object];
      if (!T.ParamIndex || T.Owner)
        continue;
      std::optional<unsigned> Promised =
          T.Model.leftInByParameter(*Function, *T.ParamIndex);
      if (!Promised)
        continue;
      std::optional<TypestateFinding> F =
          stateOutside(TypestateFinding::LeftInWrongState, Object, S[Object],
                       T.Model.only(*Promised));
      if (!F)
        continue;
      F->Function = Function;
      const auto *Compound = dyn_cast_or_null<CompoundStmt>(Function->getBody());
      F->LeavesAt = Return ? Return->getReturnLoc()
                           : Compound ? Compound->getRBracLoc() : SourceLocation();
      F->Path = explainPath(Block, Object, F->Offending, F->Producer);
      report(std::move(*F));
    }
  }

  /// A block that ends the function without a `return`, a `throw` or a call
  /// that does not return: the closing brace.
  bool fallsOffTheEnd(const CFGBlock &Block) const {
    if (&Block == &Body.cfg().getExit() || Block.hasNoReturnElement() ||
        isa_and_nonnull<CXXThrowExpr>(Block.getTerminatorStmt()))
      return false;
    if (!llvm::is_contained(Block.succs(), &Body.cfg().getExit()))
      return false;
    for (auto It = Block.rbegin(); It != Block.rend(); ++It)
      if (std::optional<CFGStmt> S = It->getAs<CFGStmt>())
        return !isa<ReturnStmt, CXXThrowExpr>(S->getStmt());
    return true;
  }

  //--- Path explanation --------------------------------------------------------

  /// The branches on one path from where \p Object entered one of the
  /// \p Offending states (\p Producer) to \p Where, along which it stays in
  /// it: a backward search over blocks whose exit state has it.
  std::vector<TypestatePathStep> explainPath(const CFGBlock &Where, unsigned Object,
                                             const StateSet &Offending,
                                             const Stmt *Producer) {
    std::vector<TypestatePathStep> Steps;
    const CFGBlock *Start = nullptr;
    if (Producer)
      if (std::optional<FunctionCFG::Position> At = Body.positionOf(*Producer))
        Start = At->Block;
    if (!Start && !Objects[Object].ParamIndex)
      return Steps;
    if (!Start)
      Start = &Body.cfg().getEntry();
    if (Start == &Where)
      return Steps;
    // Breadth first, backwards from Where; Next[B] is the block after B.
    llvm::DenseMap<const CFGBlock *, const CFGBlock *> Next;
    llvm::SmallVector<const CFGBlock *, 16> Queue{&Where};
    Next[&Where] = nullptr;
    bool Found = false;
    for (unsigned Head = 0; Head < Queue.size() && !Found; ++Head) {
      const CFGBlock *Block = Queue[Head];
      for (const CFGBlock *Pred : Block->preds()) {
        if (!Pred || Next.count(Pred) || !keepsState(*Pred, *Block, Object, Offending))
          continue;
        Next[Pred] = Block;
        if (Pred == Start) {
          Found = true;
          break;
        }
        Queue.push_back(Pred);
      }
    }
    if (!Found)
      return Steps;
    constexpr unsigned MaxSteps = 6;
    for (const CFGBlock *Block = Start; Block && Block != &Where && Steps.size() < MaxSteps;
         Block = Next.lookup(Block)) {
      const CFGBlock *To = Next.lookup(Block);
      if (!To || Block->succ_size() < 2)
        continue;
      unsigned SuccIndex = 0;
      for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
        if (Succ.getReachableBlock() == To)
          break;
        ++SuccIndex;
      }
      if (std::optional<TypestatePathStep> Step = describeBranch(*Block, SuccIndex, *To))
        Steps.push_back(std::move(*Step));
    }
    return Steps;
  }

  /// True when the edge \p From -> \p To carries one of \p Offending states
  /// of the object.
  bool keepsState(const CFGBlock &From, const CFGBlock &To, unsigned Object,
                  const StateSet &Offending) const {
    auto It = Out.find(&From);
    if (It == Out.end())
      return false;
    unsigned SuccIndex = 0;
    for (const CFGBlock::AdjacentBlock &Succ : From.succs()) {
      if (Succ.getReachableBlock() == &To) {
        FlowState Edge = It->second;
        if (refine(Edge, From, SuccIndex) && isKnown(Edge[Object]) &&
            Edge[Object].States.anyCommon(Offending))
          return true;
      }
      ++SuccIndex;
    }
    return false;
  }

  std::optional<TypestatePathStep> describeBranch(const CFGBlock &From,
                                                  unsigned SuccIndex,
                                                  const CFGBlock &To) const {
    const Stmt *Terminator = From.getTerminatorStmt();
    if (const auto *Switch = dyn_cast_or_null<SwitchStmt>(Terminator)) {
      if (const auto *Case = dyn_cast_or_null<SwitchCase>(To.getLabel()))
        return TypestatePathStep{Case->getBeginLoc(), "the 'switch' takes this case"};
      return TypestatePathStep{Switch->getSwitchLoc(), "no case of the 'switch' matches"};
    }
    const auto *Condition = dyn_cast_or_null<Expr>(From.getLastCondition());
    if (!Condition || From.succ_size() != 2)
      return std::nullopt;
    const bool True = SuccIndex == 0;
    const std::string Text = conditionText(*Condition, Body.context());
    return TypestatePathStep{
        Condition->getBeginLoc(),
        Text.empty() ? std::string("assuming the condition is ") + (True ? "true" : "false")
                     : "assuming '" + Text + "' is " + (True ? "true" : "false")};
  }

  //--- Transfer --------------------------------------------------------------

  void transfer(FlowState &S, const CFGBlock &Block, unsigned I, bool Record) {
    const CFGElement &Element = Block[I];
    if (std::optional<CFGAutomaticObjDtor> Dtor =
            Element.getAs<CFGAutomaticObjDtor>()) {
      // The variable, and the structured bindings it holds.
      for (unsigned Object : ByOwner.lookup(Dtor->getVarDecl()))
        destroyed(S, Object, Block, I, Record);
      return;
    }
    // A class with a trivial destructor has no destructor call: its
    // lifetime ends. (After a destructor call the object is no longer
    // constructed, so it is not judged twice.)
    if (std::optional<CFGLifetimeEnds> End = Element.getAs<CFGLifetimeEnds>()) {
      for (unsigned Object : ByOwner.lookup(End->getVarDecl()))
        if (S[Object].constructed())
          destroyed(S, Object, Block, I, Record);
      return;
    }
    std::optional<CFGStmt> Statement = Element.getAs<CFGStmt>();
    if (!Statement)
      return;
    const Stmt &St = *Statement->getStmt();

    if (const auto *Decls = dyn_cast<DeclStmt>(&St)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D)) {
          if (auto It = Index.find(Var); It != Index.end())
            assignFrom(S, It->second, Var->getInit(), Decls);
          // Bindings start unknown: the parts of what was returned.
          if (const auto *Decomposition = dyn_cast<DecompositionDecl>(Var))
            for (const BindingDecl *Binding : Decomposition->bindings())
              if (auto It = Index.find(Binding); It != Index.end())
                setUnknown(S[It->second]);
        }
      return;
    }
    if (const auto *Return = dyn_cast<ReturnStmt>(&St)) {
      if (Record)
        checkParametersLeft(S, Block, I, Return);
      // Returning the object hands it to the caller, in the state the
      // function promises.
      std::optional<unsigned> Object = indexOf(Return->getRetValue());
      if (!Object && Return->getRetValue())
        if (const CXXConstructExpr *Copy = parameterConstruction(Return->getRetValue()))
          Object = indexOf(Copy->getArg(0));
      if (Object) {
        if (Record)
          checkReturned(S, *Object, *Return);
        if (Objects[*Object].Owner)
          movedFrom(S, *Object, Return);
      }
      return;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(&St)) {
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
          if (auto It = Index.find(Capture.getCapturedVar()); It != Index.end())
            setUnknown(S[It->second]);
      return;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&St);
        Operator && Operator->getOperator() == OO_Equal &&
        Operator->getNumArgs() == 2)
      if (std::optional<unsigned> Target = indexOf(Operator->getArg(0))) {
        assignment(S, *Target, *Operator, Record);
        return;
      }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&St))
      if (std::optional<unsigned> Object =
              indexOf(Member->getImplicitObjectArgument())) {
        // `t2.swap(t)`: the other objects handed to the call.
        handOver(S, Member->arguments(), Member->getDirectCallee(), *Member, Record);
        memberCall(S, *Object, *Member, Member->getMethodDecl(), Record);
        if (Record && Options.ExceptionalPaths)
          mayThrow(S, *Member, Objects[*Object].Decl, /*Threads=*/false);
        return;
      }
    // Operators of an annotated class (`conn << data`, `*handle`,
    // `machine()`, `a == b`), except the assignment handled above, are
    // member calls too.
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(&St);
        Operator && Operator->getNumArgs() >= 1 &&
        isa_and_nonnull<CXXMethodDecl>(Operator->getDirectCallee()))
      if (std::optional<unsigned> Object = indexOf(Operator->getArg(0))) {
        handOver(S, llvm::drop_begin(Operator->arguments()),
                 Operator->getDirectCallee(), *Operator, Record);
        memberCall(S, *Object, *Operator,
                   cast<CXXMethodDecl>(Operator->getDirectCallee()), Record);
        if (Record && Options.ExceptionalPaths)
          mayThrow(S, *Operator, Objects[*Object].Decl, /*Threads=*/false);
        return;
      }
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(&St)) {
      if (Record && Options.ExceptionalPaths)
        mayThrowAt(S, *Throw, nullptr, nullptr, /*Threads=*/true);
      return;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(&St)) {
      // The copy or move of an argument into a by-value parameter is the
      // call's to judge, with the parameter's annotations, when the call
      // comes.
      if (ArgumentConstructions.contains(Construct))
        return;
      if (!InitConstructions.contains(Construct))
        handOver(S, Construct->arguments(), Construct->getConstructor(), *Construct,
                 Record);
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
      handOver(S, Arguments, Call->getDirectCallee(), *Call, Record);
      if (Record && Options.ExceptionalPaths)
        mayThrow(S, *Call, nullptr, /*Threads=*/true);
    }
  }

  /// The end of an object's life at element \p I of \p Block.
  void destroyed(FlowState &S, unsigned Object, const CFGBlock &Block, unsigned I,
                 bool Record) {
    const ObjectState &O = S[Object];
    const Tracked &T = Objects[Object];
    if (Record && isa<VarDecl>(T.Decl) && isPlainStdThread(T.Decl->getType()) &&
        isKnown(O) && O.States.test(1)) {
      TypestateFinding F;
      F.What = TypestateFinding::JoinableAtEnd;
      F.Object = T.Decl;
      F.Producer = producerOf(O, T.Model.only(1));
      F.LeavesAt = Body.leavingPoint(Block, I, T.Owner);
      report(std::move(F));
    }
    if (Record)
      checkDestruction(O, Object, Block, I);
    // Destroyed: nothing to say about it until it is constructed again.
    S[Object].States.reset();
    S[Object].Consumed = false;
    S[Object].Unknown = false;
  }

  /// `x = value`: an assignment operator annotated as a transition is a
  /// call like any other; a copy or move assignment takes the value's
  /// state.
  void assignment(FlowState &S, unsigned Target, const CXXOperatorCallExpr &Operator,
                  bool Record) {
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Operator.getDirectCallee());
    const Tracked &T = Objects[Target];
    const MethodSemantics Semantics =
        Method ? T.Model.semantics(*Method) : MethodSemantics();
    const ObjectState &O = S[Target];
    if (Record && isPlainStdThread(T.Decl->getType()) && isKnown(O) &&
        O.States.test(1)) {
      TypestateFinding F;
      F.What = TypestateFinding::JoinableAtAssign;
      F.Object = T.Decl;
      F.At = &Operator;
      F.Producer = producerOf(O, T.Model.only(1));
      report(std::move(F));
    }
    if (Method && (Semantics.Requires.any() || Semantics.Transition ||
                   Semantics.Consumes))
      memberCall(S, Target, Operator, Method, Record);
    if (!Semantics.Transition && !Semantics.Consumes)
      assignFrom(S, Target, Operator.getArg(1), &Operator);
  }

  void memberCall(FlowState &S, unsigned Object, const CallExpr &Call,
                  const CXXMethodDecl *Method, bool Record) {
    if (!Method)
      return;
    const Tracked &T = Objects[Object];
    ObjectState &O = S[Object];
    const MethodSemantics Semantics = T.Model.semantics(*Method);
    if (Record && isKnown(O)) {
      if (O.Consumed) {
        TypestateFinding F;
        F.What = TypestateFinding::UsedAfterConsume;
        F.Object = T.Decl;
        F.At = &Call;
        F.Method = Method;
        F.Producer = O.Producers.back();
        report(std::move(F));
      } else if (std::optional<TypestateFinding> F = stateOutside(
                     TypestateFinding::WrongState, Object, O, Semantics.Requires)) {
        F->At = &Call;
        F->Method = Method;
        report(std::move(*F));
      }
    }
    if (Semantics.Consumes)
      setConsumed(O, &Call);
    else if (Semantics.Transition)
      set(O, *Semantics.Transition, &Call);
    else if (Method->getIdentifier() && Method->getName() == "swap")
      setUnknown(O);
  }

  /// `return t;` in a function that promises the state of what it returns
  /// (FEARLESS_RETURNS_IN).
  void checkReturned(const FlowState &S, unsigned Object, const ReturnStmt &Return) {
    const auto *Function = dyn_cast<FunctionDecl>(&Body.function());
    const Tracked &T = Objects[Object];
    if (!Function || !T.Owner || T.Model.kind() != TypestateModel::Kind::Annotated)
      return;
    std::optional<unsigned> Promised = T.Model.returnedState(Function);
    if (!Promised)
      return;
    std::optional<TypestateFinding> F =
        stateOutside(TypestateFinding::ReturnedInWrongState, Object, S[Object],
                     T.Model.only(*Promised));
    if (!F)
      return;
    F->At = Return.getRetValue();
    F->Function = Function;
    report(std::move(*F));
  }

  /// Arguments handed to a call or a constructor: each must be in the state
  /// its parameter expects (FEARLESS_EXPECTS); after the call it is in the
  /// state the parameter leaves it in (FEARLESS_LEAVES_IN); otherwise, by
  /// address or non-const reference the object becomes unknown, and moved,
  /// it is handed over.
  template <typename Args>
  void handOver(FlowState &S, Args Arguments, const FunctionDecl *Callee,
                const Expr &Call, bool Record) {
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
        if (const CXXConstructExpr *Copy = parameterConstruction(Arg))
          Object = indexOf(Copy->getArg(0));
      if (!Object)
        continue;
      const TypestateModel &Model = Objects[*Object].Model;
      const bool HasParam = Callee && ParamIndex < Callee->getNumParams();
      if (Record && HasParam)
        checkArgument(S, *Object, *Arg, *Callee, ParamIndex);
      // What the parameter promises wins over the move that hands the
      // object to it (`finish(std::move(f))` with an rvalue reference).
      if (HasParam)
        if (std::optional<unsigned> Left = Model.leftInByParameter(*Callee, ParamIndex)) {
          set(S[*Object], *Left, &Call);
          continue;
        }
      if (handedByMove(Arg)) {
        movedFrom(S, *Object, Arg);
        continue;
      }
      QualType Param;
      if (HasParam)
        Param = Callee->getParamDecl(ParamIndex)->getType();
      if (Param.isNull() || (Param->isReferenceType() &&
                             !Param.getNonReferenceType().isConstQualified()))
        setUnknown(S[*Object]);
    }
  }

  void checkArgument(const FlowState &S, unsigned Object, const Expr &Arg,
                     const FunctionDecl &Callee, unsigned ParamIndex) {
    if (S[Object].Consumed)
      return;
    std::optional<TypestateFinding> F = stateOutside(
        TypestateFinding::WrongArgumentState, Object, S[Object],
        Objects[Object].Model.expectedOfParameter(Callee, ParamIndex));
    if (!F)
      return;
    F->At = &Arg;
    F->Function = &Callee;
    F->Parameter = Callee.getParamDecl(ParamIndex);
    report(std::move(*F));
  }

  /// With ExceptionalPaths: a call that may throw while a std::thread may be
  /// joinable (when \p Threads), or while an object may be in a state it may
  /// not be destroyed in (its destructor would then run during unwinding).
  /// \p CalledOn, the object a member call is made on, is judged by the
  /// state the call leaves it in.
  void mayThrow(const FlowState &S, const CallExpr &Call, const ValueDecl *CalledOn,
                bool Threads) {
    const FunctionDecl *Callee = Call.getDirectCallee();
    if (!Callee)
      return;
    const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
    if (Proto && Proto->isNothrow())
      return;
    mayThrowAt(S, Call, Callee, CalledOn, Threads);
  }

  void mayThrowAt(const FlowState &S, const Expr &Thrower, const FunctionDecl *Callee,
                  const ValueDecl *CalledOn, bool Threads) {
    for (unsigned I = 0; I < Objects.size(); ++I) {
      const ObjectState &O = S[I];
      const Tracked &T = Objects[I];
      if (!T.Owner || T.Decl == CalledOn || !isKnown(O))
        continue;
      if (Threads && isa<VarDecl>(T.Decl) && isPlainStdThread(T.Decl->getType())) {
        if (!O.States.test(1))
          continue;
        TypestateFinding F;
        F.What = TypestateFinding::JoinableAtThrow;
        F.Object = T.Decl;
        F.At = &Thrower;
        F.Producer = producerOf(O, T.Model.only(1));
        report(std::move(F));
        continue;
      }
      std::optional<TypestateFinding> F = stateOutside(
          TypestateFinding::DestroyedByThrow, I, O, T.Model.finalStates());
      if (!F || caughtAround(Thrower, *T.Owner))
        continue;
      F->At = &Thrower;
      F->Function = Callee;
      if (std::optional<FunctionCFG::Position> At = Body.positionOf(Thrower))
        F->Path = explainPath(*At->Block, I, F->Offending, F->Producer);
      report(std::move(*F));
    }
  }

  /// True when \p Thrower is in a `try` block that \p Owner was declared
  /// outside of: the exception may be caught before the object is
  /// destroyed.
  bool caughtAround(const Stmt &Thrower, const VarDecl &Owner) const {
    const SourceManager &Sources = Body.context().getSourceManager();
    DynTypedNodeList Parents = parentsOf(Body.context(), Thrower);
    for (unsigned Depth = 0; !Parents.empty() && Depth < 256; ++Depth) {
      if (const auto *Try = Parents[0].get<CXXTryStmt>()) {
        const SourceRange Block = Try->getTryBlock()->getSourceRange();
        if (!Sources.isPointWithin(Owner.getLocation(), Block.getBegin(), Block.getEnd()))
          return true;
      }
      if (Parents[0].get<FunctionDecl>() || Parents[0].get<LambdaExpr>())
        break;
      Parents = parentsOf(Body.context(), Parents[0]);
    }
    return false;
  }

  //--- Solver ----------------------------------------------------------------

  static void merge(FlowState &Into, const FlowState &From) {
    for (unsigned I = 0; I < Into.size(); ++I) {
      Into[I].States |= From[I].States;
      Into[I].Consumed |= From[I].Consumed;
      Into[I].Unknown |= From[I].Unknown;
      for (unsigned P = 0; P < Into[I].Producers.size(); ++P)
        if (!Into[I].Producers[P])
          Into[I].Producers[P] = From[I].Producers[P];
    }
  }

  /// What the branch taken tells: `if (t.joinable())`, `if (!f.valid())`,
  /// `if (conn.is_open())` (FEARLESS_TESTS_STATE), and a correlated flag.
  /// Returns false when no execution takes the branch on these paths.
  bool refine(FlowState &S, const CFGBlock &From, unsigned SuccIndex) const {
    const auto *Condition = dyn_cast_or_null<Expr>(From.getLastCondition());
    if (!Condition)
      return true;
    bool Negated = false;
    const Expr *E = peelNegations(Condition, Negated);
    // `t.get_id() != std::thread::id()`.
    if (std::optional<Comparison> Compare = comparisonOf(*E);
        Compare && isNoThreadId(*Compare->RHS))
      if (const auto *GetId =
              dyn_cast<CXXMemberCallExpr>(Compare->LHS->IgnoreParenImpCasts());
          GetId && GetId->getMethodDecl() && GetId->getMethodDecl()->getIdentifier() &&
          GetId->getMethodDecl()->getName() == "get_id")
        if (std::optional<unsigned> Object = indexOf(GetId->getImplicitObjectArgument());
            Object && Objects[*Object].Model.kind() == TypestateModel::Kind::StdThread) {
          // get_id() differs from a default id exactly when joinable.
          const bool TrueBranch = (SuccIndex == 0) != Negated;
          const bool Joinable = TrueBranch != Compare->Equal;
          return narrow(S[*Object], Objects[*Object].Model.only(Joinable ? 1 : 0), GetId);
        }
    const bool TrueBranch = (SuccIndex == 0) != Negated;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *Flag = dyn_cast<VarDecl>(Ref->getDecl())) {
        // A correlated flag has one value on this run's paths.
        if (std::optional<bool> Value = flagValue(Flag); Value && *Value != TrueBranch)
          return false;
        // `if (bool j = t.joinable(); j)`: a flag declared by the if itself
        // holds the query's answer (nothing can change the object in
        // between).
        if (Flag->getType()->isBooleanType() && Flag->getInit() &&
            isDeclaredByIf(*Flag, From.getTerminatorStmt()))
          E = Flag->getInit()->IgnoreParenImpCasts();
      }
    // A query method, `if (conn)` through an annotated `operator bool`, or
    // an annotated member operator (`if (p != nullptr)`).
    const CXXMethodDecl *Method = nullptr;
    const Expr *Queried = nullptr;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      Method = Call->getMethodDecl();
      Queried = Call->getImplicitObjectArgument();
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E);
               Operator && Operator->getNumArgs() >= 1) {
      Method = dyn_cast_or_null<CXXMethodDecl>(Operator->getDirectCallee());
      Queried = Operator->getArg(0);
    }
    std::optional<unsigned> Object = Method ? indexOf(Queried) : std::nullopt;
    if (!Object)
      return true;
    std::optional<TypestateModel::Query> Query =
        Objects[*Object].Model.query(*Method);
    if (!Query)
      return true;
    return narrow(S[*Object], TrueBranch ? Query->WhenTrue : Query->WhenFalse, E);
  }

  /// On a branch that tells the object is in one of \p Allowed states.
  /// Returns false when it cannot be (no execution takes the branch).
  static bool narrow(ObjectState &O, const StateSet &Allowed, const Stmt *Query) {
    if (!O.constructed())
      return true;
    if (O.Unknown) {
      // The answer is all that is known: what came before may be anything.
      O.Unknown = false;
      for (unsigned I = 0; I < Allowed.size(); ++I)
        if (Allowed.test(I) && !O.States.test(I))
          O.Producers[I] = Query;
      O.States |= Allowed;
    }
    for (unsigned I = 0; I < O.States.size(); ++I)
      if (!Allowed.test(I))
        O.Producers[I] = nullptr;
    O.States &= Allowed;
    return O.States.any() || O.Consumed;
  }

  /// `!x`, `x == true`, `x != false` (built-in, overloaded or rewritten):
  /// the expression tested, and whether the branch's sense is inverted.
  static const Expr *peelNegations(const Expr *Condition, bool &Negated) {
    const Expr *E = Condition->IgnoreParenImpCasts();
    for (unsigned Depth = 0; Depth < 4; ++Depth) {
      if (const auto *Not = dyn_cast<UnaryOperator>(E);
          Not && Not->getOpcode() == UO_LNot) {
        Negated = !Negated;
        E = Not->getSubExpr()->IgnoreParenImpCasts();
        continue;
      }
      std::optional<Comparison> Compare = comparisonOf(*E);
      const auto *Literal =
          Compare ? dyn_cast<CXXBoolLiteralExpr>(Compare->RHS->IgnoreParenImpCasts())
                  : nullptr;
      if (!Literal)
        break;
      Negated ^= (Literal->getValue() != Compare->Equal);
      E = Compare->LHS->IgnoreParenImpCasts();
    }
    return E;
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

  /// The state where \p Block starts; \p Reached tells whether an edge
  /// into it is taken on this run's paths.
  FlowState input(const CFGBlock &Block, bool *Reached = nullptr) {
    if (Reached)
      *Reached = true;
    if (&Block == &Body.cfg().getEntry())
      return Entry;
    if (Reached)
      *Reached = false;
    FlowState In = NoPath;
    for (const CFGBlock *Pred : Block.preds()) {
      if (!Pred)
        continue;
      auto It = Out.find(Pred);
      if (It == Out.end())
        continue;
      unsigned SuccIndex = 0;
      for (const CFGBlock::AdjacentBlock &Succ : Pred->succs()) {
        if (Succ.getReachableBlock() == &Block &&
            !impossibleDefaultEdge(*Pred, SuccIndex)) {
          FlowState Edge = It->second;
          if (refine(Edge, *Pred, SuccIndex)) {
            merge(In, Edge);
            if (Reached)
              *Reached = true;
          }
        }
        ++SuccIndex;
      }
    }
    return In;
  }

  /// isImpossibleDefaultEdge, worked out once per switch block (input()
  /// asks at every visit).
  bool impossibleDefaultEdge(const CFGBlock &From, unsigned SuccIndex) {
    if (!isa_and_nonnull<SwitchStmt>(From.getTerminatorStmt()) ||
        SuccIndex + 1 != From.succ_size())
      return false;
    auto [It, Inserted] = ImpossibleDefault.try_emplace(&From, false);
    if (Inserted)
      It->second = isImpossibleDefaultEdge(From, SuccIndex, Body.context());
    return It->second;
  }

  /// Blocks the solver may visit: a budget far above what real functions
  /// need (each block is revisited only when a state it joins changes).
  static constexpr unsigned MaxSteps = 50000;
  /// Correlated flags followed at most (each doubles the work).
  static constexpr unsigned MaxFlags = 3;

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
      bool Reached = false;
      FlowState S = input(*Block, &Reached);
      if (!Reached)
        continue;
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
  llvm::DenseMap<const ValueDecl *, unsigned> Index;
  /// The variables of the function that get another name (isAliased).
  llvm::DenseSet<const ValueDecl *> Aliased;
  bool AliasedKnown = false;
  llvm::DenseSet<const CXXConstructExpr *> InitConstructions;
  /// Copies and moves of tracked objects into by-value parameters and
  /// returned values.
  llvm::DenseSet<const CXXConstructExpr *> ArgumentConstructions;
  /// The correlated flags, and their values on this run's paths (bit I for
  /// Flags[I]).
  llvm::SmallVector<const VarDecl *, 4> Flags;
  unsigned FlagValues = 0;
  /// entryState(), and the state no path has reached (every object
  /// unconstructed), computed once.
  FlowState Entry;
  FlowState NoPath;
  /// The tracked objects a variable's destruction ends: itself, or the
  /// structured bindings it holds.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<unsigned, 1>> ByOwner;
  llvm::DenseMap<const CFGBlock *, bool> ImpossibleDefault;
  llvm::DenseMap<const CFGBlock *, FlowState> Out;
  std::vector<TypestateFinding> Findings;
};

} // namespace

static bool declaresTypestateObject(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Decls = dyn_cast<DeclStmt>(S))
    for (const Decl *D : Decls->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
        continue;
      if (TypestateModel::of(Var->getType()))
        return true;
      if (const auto *Decomposition = dyn_cast<DecompositionDecl>(Var))
        for (const BindingDecl *Binding : Decomposition->bindings())
          if (TypestateModel::of(Binding->getType()))
            return true;
    }
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
