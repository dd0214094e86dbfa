//===--- GuardBorrowCheck.cpp - fearless-guard-borrow ----------------------===//

#include "GuardBorrowCheck.h"
#include "fearless/checker/AnalysedCode.h"
#include "fearless/checker/Parents.h"

#include "fearless/checker/Borrows.h"
#include "fearless/checker/FunctionBodyMatcher.h"
#include "fearless/checker/StatementContext.h"
#include "fearless/checker/ThreadLifetime.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

namespace {

/// Guard classes of other libraries whose `*` and `->` give access to the
/// data of the lock that made them.
constexpr llvm::StringLiteral DefaultGuardTypes =
    "folly::LockedPtr;boost::strict_lock_ptr;boost::unique_lock_ptr";

bool before(SourceLocation A, SourceLocation B, const SourceManager &SM) {
  return SM.isBeforeInTranslationUnit(A, B);
}

/// The statement of a compound statement that contains \p S, and that
/// compound statement; null when \p S is not in a block of statements.
std::pair<const Stmt *, const CompoundStmt *>
statementInBlock(const Stmt &S, ASTContext &Context) {
  DynTypedNode Node = DynTypedNode::create(S);
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    const DynTypedNodeList Parents = parentsOf(Context, Node);
    if (Parents.empty())
      return {};
    if (const auto *Block = Parents[0].get<CompoundStmt>())
      return {Node.get<Stmt>(), Block};
    if (Parents[0].get<Decl>() && !Parents[0].get<VarDecl>())
      return {}; // left the function
    Node = Parents[0];
  }
  return {};
}

} // namespace

/// What one function body holds, read in one walk: every use of its local
/// variables (also inside the lambdas it contains), and the places where a
/// borrow can be kept (declarations, assignments, returns, range-for loops)
/// and guards unlocked, outside those lambdas (each lambda is a function of
/// its own).
class GuardBorrowCheck::FunctionFacts
    : public RecursiveASTVisitor<GuardBorrowCheck::FunctionFacts> {
public:
  struct Assignment {
    const Expr *Target;
    const Expr *Value;
    const Expr *Whole;
  };

  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 4>> Uses;
  llvm::SmallVector<const VarDecl *, 8> Locals;
  llvm::SmallVector<Assignment, 4> Assignments;
  llvm::SmallVector<const ReturnStmt *, 4> Returns;
  llvm::SmallVector<const CXXForRangeStmt *, 2> RangeFors;
  llvm::SmallVector<const CXXMemberCallExpr *, 2> Unlocks;
  llvm::DenseSet<const DeclRefExpr *> AssignedRefs;

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    ++Nested;
    const bool Continue = RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
    --Nested;
    return Continue;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *Record) {
    ++Nested; // a local class: its member functions are functions of their own
    const bool Continue = RecursiveASTVisitor::TraverseCXXRecordDecl(Record);
    --Nested;
    return Continue;
  }

  // What sizeof, alignof, noexcept and decltype name is never evaluated.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *E) {
    return unevaluated([&] { return RecursiveASTVisitor::TraverseUnaryExprOrTypeTraitExpr(E); });
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *E) {
    return unevaluated([&] { return RecursiveASTVisitor::TraverseCXXNoexceptExpr(E); });
  }
  // RecursiveASTVisitor passes a TraverseQualifier flag since LLVM 22: the
  // pack takes whichever arguments this LLVM's visitor passes.
  template <typename... QualifierFlag>
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc TL, QualifierFlag... Flag) {
    return unevaluated([&] {
      return RecursiveASTVisitor::TraverseDecltypeTypeLoc(TL, Flag...);
    });
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Unevaluated)
      return true;
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      Uses[Var].push_back(Ref);
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (!Nested && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) && Var->getInit())
      Locals.push_back(Var);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign)
      addAssignment(Op->getLHS(), Op->getRHS(), Op);
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      addAssignment(Op->getArg(0), Op->getArg(1), Op);
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *Return) {
    if (!Nested && Return->getRetValue())
      Returns.push_back(Return);
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *Loop) {
    if (!Nested)
      RangeFors.push_back(Loop);
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Nested && Method && Method->getIdentifier() && Method->getName() == "unlock")
      Unlocks.push_back(Call);
    return true;
  }

  /// The first use of \p Var after \p After and before \p Limit (when
  /// valid), not counting uses that assign it.
  const DeclRefExpr *firstUseAfter(const VarDecl &Var, SourceLocation After,
                                   SourceLocation Limit,
                                   const SourceManager &SM) const {
    auto It = Uses.find(&Var);
    if (It == Uses.end())
      return nullptr;
    const DeclRefExpr *First = nullptr;
    for (const DeclRefExpr *Use : It->second) {
      const SourceLocation Where = Use->getLocation();
      // Assigning a pointer replaces it; assigning a reference writes the
      // data it refers to, which is a use.
      if ((AssignedRefs.contains(Use) && !Var.getType()->isReferenceType()) ||
          !before(After, Where, SM) ||
          (Limit.isValid() && !before(Where, Limit, SM)))
        continue;
      if (!First || before(Where, First->getLocation(), SM))
        First = Use;
    }
    return First;
  }

  /// Where \p Var is next assigned after \p After (invalid if never).
  SourceLocation nextAssignment(const VarDecl &Var, SourceLocation After,
                                const SourceManager &SM) const {
    SourceLocation Next;
    for (const Assignment &A : Assignments) {
      const auto *Ref = dyn_cast<DeclRefExpr>(A.Target->IgnoreParenImpCasts());
      const SourceLocation Where = A.Whole->getBeginLoc();
      if (Ref && Ref->getDecl() == &Var && before(After, Where, SM) &&
          (Next.isInvalid() || before(Where, Next, SM)))
        Next = Where;
    }
    return Next;
  }

private:
  void addAssignment(const Expr *Target, const Expr *Value, const Expr *Whole) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()))
      AssignedRefs.insert(Ref);
    if (!Nested)
      Assignments.push_back({Target, Value, Whole});
  }

  template <typename Traverse> bool unevaluated(Traverse Run) {
    ++Unevaluated;
    const bool Continue = Run();
    --Unevaluated;
    return Continue;
  }

  unsigned Nested = 0;
  unsigned Unevaluated = 0;
};

GuardBorrowCheck::GuardBorrowCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SystemHeaders(analysesSystemHeaders(*Context)),
      GuardTypesOption(Options.get("GuardTypes", DefaultGuardTypes).str()),
      GuardTypeNames(GuardTypesOption), Guards(GuardTypeNames) {
  for (const FunctionNameFilter::InvalidPattern &Bad : GuardTypeNames.invalidPatterns())
    configurationDiag("invalid regular expression '%0' in option "
                      "'%1.GuardTypes': %2; the pattern is ignored")
        << Bad.Pattern << Name << Bad.Error;
}

void GuardBorrowCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "GuardTypes", GuardTypesOption);
}

void GuardBorrowCheck::registerMatchers(MatchFinder *Finder) {
  registerFunctionBodyMatchers(*Finder, *this, SystemHeaders);
}

void GuardBorrowCheck::check(const MatchFinder::MatchResult &Result) {
  if (const FunctionDecl *Function = matchedFunctionBody(Result))
    checkFunction(*Function, *Result.Context);
}

void GuardBorrowCheck::checkFunction(const FunctionDecl &Function,
                                     ASTContext &Context) {
  FunctionFacts Facts;
  Facts.TraverseStmt(const_cast<Stmt *>(Function.getBody()));
  for (const CXXForRangeStmt *Loop : Facts.RangeFors)
    checkRangeFor(*Loop, Context);
  // A range-for's loop variable refers into the range: the loop is
  // reported once, as a whole.
  llvm::DenseSet<const VarDecl *> LoopVariables;
  for (const CXXForRangeStmt *Loop : Facts.RangeFors)
    LoopVariables.insert(Loop->getLoopVariable());
  bool HasGuard = false;
  for (const VarDecl *Var : Facts.Locals) {
    HasGuard |= holdsGuard(*Var, Guards);
    if (!LoopVariables.contains(Var))
      checkLocal(*Var, Facts, Function, Context);
  }
  for (const FunctionFacts::Assignment &A : Facts.Assignments)
    checkAssignment(*A.Target, *A.Value, A.Whole->getBeginLoc(), Facts,
                    Function, Context);
  for (const ReturnStmt *Return : Facts.Returns)
    checkReturn(*Return, Function);
  // Only a guard of this function can be borrowed by a thread it starts.
  if (!HasGuard)
    return;
  for (const Launch &L : findLaunches(*Function.getBody(), Context, Launches)) {
    llvm::SmallVector<const FunctionDecl *, 2> Around =
        enclosingFunctions(*L.Site, Context);
    if (!Around.empty() && Around.front() == &Function)
      checkLaunch(L, Function, Context);
  }
}

const VarDecl *GuardBorrowCheck::ownGuard(const GuardSource &Source,
                                          const FunctionDecl &Function) {
  if (!Source.Variable)
    return nullptr;
  const auto *Owner =
      dyn_cast_or_null<FunctionDecl>(Source.Variable->getParentFunctionOrMethod());
  return Owner == &Function ? Source.Variable : nullptr;
}

std::string GuardBorrowCheck::guardName(const GuardSource &Source,
                                        ASTContext &Context) const {
  if (Source.Variable)
    return "the guard '" + Source.Variable->getNameAsString() + "'";
  const StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Source.Guard->getSourceRange()),
      Context.getSourceManager(), Context.getLangOpts());
  if (Text.empty() || Text.size() > 48 || Text.contains('\n'))
    return "a temporary guard";
  return "the temporary guard '" + Text.str() + "'";
}

void GuardBorrowCheck::checkRangeFor(const CXXForRangeStmt &Loop,
                                     ASTContext &Context) {
  // C++23 (P2718) keeps the temporaries of the range's initializer alive for
  // the whole loop; before, they die before the first iteration.
  if (Context.getLangOpts().CPlusPlus23 || !Loop.getRangeInit())
    return;
  const std::optional<GuardSource> Source = guardBehind(*Loop.getRangeInit(), Guards);
  if (!Source || !Source->isTemporary() || !firstReport(Loop.getForLoc()))
    return;
  diag(Loop.getRangeInit()->getBeginLoc(),
       "the loop runs over data of %0, which is destroyed before the first "
       "iteration: the loop reads and writes the data without the lock")
      << guardName(*Source, Context);
  diag(Source->Guard->getBeginLoc(),
       "keep the guard in a variable declared before the loop, and loop "
       "over '*guard'",
       DiagnosticIDs::Note);
}

void GuardBorrowCheck::checkLocal(const VarDecl &Var, const FunctionFacts &Facts,
                                  const FunctionDecl &Function,
                                  ASTContext &Context) {
  if (Var.isImplicit() || !canReferInto(Var.getType()) || holdsGuard(Var, Guards))
    return;
  const std::optional<GuardSource> Source = guardBehind(*Var.getInit(), Guards);
  if (!Source)
    return;
  const SourceManager &SM = Context.getSourceManager();
  if (Source->isTemporary()) {
    const SourceLocation InitEnd = Var.getInit()->getEndLoc();
    // A pointer assigned anew no longer points into the data.
    const SourceLocation Reassigned = Var.getType()->isReferenceType()
                                          ? SourceLocation()
                                          : Facts.nextAssignment(Var, InitEnd, SM);
    const DeclRefExpr *Use = Facts.firstUseAfter(Var, InitEnd, Reassigned, SM);
    if (!Use || !firstReport(Var.getLocation()))
      return;
    diag(Var.getLocation(),
         "'%0' refers into data of %1, which releases the lock at the end "
         "of this statement; '%0' is used afterwards without the lock")
        << Var.getName() << guardName(*Source, Context);
    diag(Use->getLocation(), "'%0' is used here, after the lock was released",
         DiagnosticIDs::Note)
        << Var.getName();
    diag(Source->Guard->getBeginLoc(),
         "keep the guard in a variable for as long as '%0' is used",
         DiagnosticIDs::Note)
        << Var.getName();
    return;
  }
  // A guard of this function unlocked early: uses of the borrow later in
  // the same block run without the lock.
  const VarDecl *Guard = ownGuard(*Source, Function);
  if (!Guard)
    return;
  for (const CXXMemberCallExpr *Unlock : Facts.Unlocks) {
    const auto *Object = dyn_cast_or_null<DeclRefExpr>(
        Unlock->getImplicitObjectArgument()
            ? Unlock->getImplicitObjectArgument()->IgnoreParenImpCasts()
            : nullptr);
    if (!Object || Object->getDecl() != Guard ||
        !before(Var.getLocation(), Unlock->getBeginLoc(), SM))
      continue;
    const auto [Statement, Block] = statementInBlock(*Unlock, Context);
    if (!Statement)
      continue;
    const DeclRefExpr *Use = Facts.firstUseAfter(
        Var, Statement->getEndLoc(), Block->getRBracLoc(), SM);
    if (!Use || !firstReport(Use->getLocation()))
      continue;
    diag(Use->getLocation(),
         "'%0' is used after %1 released the lock; '%0' refers into the data "
         "it guards")
        << Var.getName() << guardName(*Source, Context);
    diag(Var.getLocation(), "'%0' borrows from %1 here", DiagnosticIDs::Note)
        << Var.getName() << guardName(*Source, Context);
    diag(Unlock->getExprLoc(), "the lock is released here", DiagnosticIDs::Note);
    return;
  }
}

void GuardBorrowCheck::checkAssignment(const Expr &Target, const Expr &Value,
                                       SourceLocation Where,
                                       const FunctionFacts &Facts,
                                       const FunctionDecl &Function,
                                       ASTContext &Context) {
  if (!canReferInto(Target.getType()))
    return;
  const std::optional<GuardSource> Source = guardBehind(Value, Guards);
  if (!Source)
    return;
  const VarDecl *Guard = ownGuard(*Source, Function);
  if (!Source->isTemporary() && !Guard)
    return; // a guard of an enclosing function, seen from a lambda
  const SourceManager &SM = Context.getSourceManager();
  const Expr *Stripped = Target.IgnoreParenImpCasts();

  // A local pointer of this function: what matters is where it is used.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Stripped)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return;
    if (Var->hasLocalStorage() && !Var->getType()->isReferenceType()) {
      SourceLocation From = Value.getEndLoc();
      if (Guard) {
        // The pointer is fine inside the guard's scope; after it, not.
        if (!Guard->getInit())
          return;
        const CompoundStmt *Block = statementInBlock(*Guard->getInit(), Context).second;
        if (!Block || !before(Var->getLocation(), Block->getLBracLoc(), SM))
          return;
        From = Block->getRBracLoc();
      }
      const DeclRefExpr *Use = Facts.firstUseAfter(
          *Var, From, Facts.nextAssignment(*Var, Value.getEndLoc(), SM), SM);
      if (!Use || !firstReport(Where))
        return;
      diag(Where,
           "'%0' is left pointing into data of %1 after %select{the end of "
           "this statement|the guard's scope}2, where the lock is released")
          << Var->getName() << guardName(*Source, Context) << (Guard != nullptr);
      if (Guard)
        diag(From, "%0 is destroyed here", DiagnosticIDs::Note)
            << guardName(*Source, Context);
      diag(Use->getLocation(), "'%0' is used here without the lock",
           DiagnosticIDs::Note)
          << Var->getName();
      return;
    }
    // A global, a static, or a reference parameter: it outlives the guard.
  } else if (const auto *Member = dyn_cast<MemberExpr>(Stripped)) {
    // A member of a local object of this function lives no longer than the
    // function's own locals: leave it alone.
    if (const auto *Base = dyn_cast<DeclRefExpr>(Member->getBase()->IgnoreParenImpCasts()))
      if (const auto *Var = dyn_cast<VarDecl>(Base->getDecl());
          Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
          !Var->getType()->isPointerType())
        return;
  } else if (const auto *Deref = dyn_cast<UnaryOperator>(Stripped);
             !Deref || Deref->getOpcode() != UO_Deref) {
    return;
  }
  if (!firstReport(Where))
    return;
  const StringRef TargetText = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Target.getSourceRange()), SM,
      Context.getLangOpts());
  diag(Where,
       "a borrow of data locked by %0 is stored in '%1', which outlives the "
       "guard: it is used later without the lock")
      << guardName(*Source, Context)
      << (TargetText.empty() ? StringRef("the target") : TargetText);
}

void GuardBorrowCheck::checkReturn(const ReturnStmt &Return,
                                   const FunctionDecl &Function) {
  if (!canReferInto(Function.getReturnType()))
    return;
  const std::optional<GuardSource> Source = guardBehind(*Return.getRetValue(), Guards);
  if (!Source || (!Source->isTemporary() && !ownGuard(*Source, Function)) ||
      !firstReport(Return.getRetValue()->getBeginLoc()))
    return;
  diag(Return.getRetValue()->getBeginLoc(),
       "returns a borrow of data locked by %0, which releases the lock when "
       "the function returns; the caller uses the data without the lock")
      << guardName(*Source, Function.getASTContext());
  diag(Source->Guard->getBeginLoc(),
       "return the guard itself, or a copy of the data", DiagnosticIDs::Note);
}

void GuardBorrowCheck::checkLaunch(const Launch &L, const FunctionDecl &Function,
                                   ASTContext &Context) {
  // What the thread borrows of this function's guards: the guard itself
  // captured by reference, or a local reference or pointer into its data.
  llvm::SmallVector<Borrow, 2> Borrows;
  auto AddGuard = [&](const VarDecl *Guard, SourceLocation Where) {
    if (Guard && llvm::none_of(Borrows, [&](const Borrow &B) { return B.Object == Guard; })) {
      Borrow B;
      B.Object = Guard;
      B.Owner = BorrowOwner::Local;
      B.Kind = BorrowKind::ReferenceCapture;
      B.Location = Where;
      Borrows.push_back(B);
    }
  };
  if (L.Lambda) {
    for (const LambdaCapture &Capture : L.Lambda->captures()) {
      if (!Capture.capturesVariable())
        continue;
      const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
      if (!Var)
        continue;
      if (holdsGuard(*Var, Guards)) {
        if (Capture.getCaptureKind() == LCK_ByRef &&
            dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod()) == &Function)
          AddGuard(Var, Capture.getLocation());
        continue;
      }
      if (Var->hasLocalStorage() && canReferInto(Var->getType()) && Var->getInit())
        if (std::optional<GuardSource> Source = guardBehind(*Var->getInit(), Guards))
          AddGuard(ownGuard(*Source, Function), Capture.getLocation());
    }
  }
  for (const Expr *Argument : L.Arguments)
    if (std::optional<GuardSource> Source = guardBehind(*Argument, Guards))
      AddGuard(ownGuard(*Source, Function), Argument->getBeginLoc());
  if (Borrows.empty())
    return;
  const FunctionCFG *Body = CFGs.get(Function, Context);
  if (!Body)
    return;
  const LifetimeVerdict Verdict = analyzeThreadLifetime(L, Borrows, *Body);
  if (Verdict.Outlived.empty() || !firstReport(L.Site->getExprLoc()))
    return;
  const Borrow &First = *Verdict.Outlived.front();
  diag(L.Site->getExprLoc(),
       "the thread may use data locked by the guard '%0' after the guard has "
       "released the lock")
      << First.Object->getName();
  for (const Borrow *B : Verdict.Outlived)
    diag(B->Location, "the thread borrows from '%0' here", DiagnosticIDs::Note)
        << B->Object->getName();
  for (const Escape &E : Verdict.Escapes)
    if (E.Location.isValid())
      diag(E.Location, escapeDescription(E), DiagnosticIDs::Note);
  if (Verdict.Escapes.empty() && Verdict.DiesAt.isValid())
    diag(Verdict.DiesAt,
         "'%0' is destroyed here, releasing the lock, while the thread may "
         "still be running",
         DiagnosticIDs::Note)
        << First.Object->getName();
}

void GuardBorrowCheck::onEndOfTranslationUnit() {
  CFGs.clear();
  Reported.clear();
  restoreTraversalScopes();
}

} // namespace clang::tidy::fearless
