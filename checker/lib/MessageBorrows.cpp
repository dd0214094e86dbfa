//===--- MessageBorrows.cpp - borrows that travel through channels --------===//

#include "fearless/checker/MessageBorrows.h"

#include "fearless/checker/ChannelDrains.h"
#include "fearless/checker/ThreadTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/LambdaCapture.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::fearless {

namespace {

/// Copies and moves into other locals are followed this far.
constexpr unsigned MaxAliasDepth = 4;
/// Aggregates nested in messages are looked into this far.
constexpr unsigned MaxMessageDepth = 4;

/// The I-th template argument of a class template specialization, if it is
/// a type.
QualType templateTypeArgument(QualType Type, unsigned I) {
  const auto *Specialization = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl());
  if (!Specialization || I >= Specialization->getTemplateArgs().size())
    return {};
  const TemplateArgument &Argument = Specialization->getTemplateArgs()[I];
  return Argument.getKind() == TemplateArgument::Type ? Argument.getAsType()
                                                      : QualType();
}

/// `std::pair<sender<T>, receiver<T>>`, what bounded() and unbounded() return.
bool isChannelPair(QualType Type) {
  const CXXRecordDecl *Record =
      Type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  return isStdNamed(Record, {"pair"}) &&
         isChannelSender(templateTypeArgument(Type, 0)) &&
         isChannelReceiver(templateTypeArgument(Type, 1));
}

const VarDecl *channelOf(const Expr *E, unsigned Depth);

/// The channel the sender or receiver variable \p D belongs to.
const VarDecl *channelOfDeclaration(const ValueDecl *D, unsigned Depth) {
  if (const auto *Binding = dyn_cast_or_null<BindingDecl>(D)) {
    const auto *Pair =
        dyn_cast_or_null<DecompositionDecl>(Binding->getDecomposedDecl());
    return Pair && isChannelPair(Pair->getType()) ? Pair : nullptr;
  }
  const auto *Var = dyn_cast_or_null<VarDecl>(D);
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var))
    return nullptr;
  // A copy, a move or a reference: the channel of what it was made from.
  return channelOf(Var->getInit(), Depth + 1);
}

/// The channel that the sender or receiver expression \p E belongs to: the
/// local variable holding the pair the channel was created as.
const VarDecl *channelOf(const Expr *E, unsigned Depth) {
  if (!E || Depth > MaxAliasDepth)
    return nullptr;
  E = stripValuePreservingWrappers(E);
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
    E = stripValuePreservingWrappers(Cleanups->getSubExpr());
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Constructor = Construct->getConstructor();
    if (Constructor && Constructor->isCopyOrMoveConstructor() &&
        Construct->getNumArgs() == 1)
      return channelOf(Construct->getArg(0), Depth + 1);
    return nullptr;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    // `ch.first` / `ch.second` of a pair kept whole.
    const auto *Base = dyn_cast<DeclRefExpr>(
        stripValuePreservingWrappers(Member->getBase()));
    const auto *Pair = Base ? dyn_cast<VarDecl>(Base->getDecl()) : nullptr;
    return !Member->isArrow() && Pair && Pair->hasLocalStorage() &&
                   isChannelPair(Pair->getType())
               ? Pair
               : nullptr;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return channelOfDeclaration(Ref->getDecl(), Depth);
  return nullptr;
}

/// The channels whose receivers the callable of \p L gets.
llvm::SmallVector<const VarDecl *, 2> channelsReceivedBy(const Launch &L) {
  llvm::SmallVector<const VarDecl *, 2> Channels;
  auto Add = [&Channels](const VarDecl *Channel) {
    if (Channel && !llvm::is_contained(Channels, Channel))
      Channels.push_back(Channel);
  };
  if (L.Lambda)
    for (const LambdaCapture &Capture : L.Lambda->captures()) {
      if (!Capture.capturesVariable())
        continue;
      const ValueDecl *Captured = Capture.getCapturedVar();
      if (!Captured || !isChannelReceiver(Captured->getType()))
        continue;
      const auto *Var = dyn_cast<VarDecl>(Captured);
      Add(Var && Var->isInitCapture() ? channelOf(Var->getInit(), 0)
                                      : channelOfDeclaration(Captured, 0));
    }
  for (const Expr *Argument : L.Arguments)
    if (isChannelReceiver(Argument->getType()))
      Add(channelOf(Argument, 0));
  return Channels;
}

/// A send written in the launching function: the sender it is made on and
/// the message.
struct Send {
  const Expr *Sender = nullptr;
  const Expr *Message = nullptr;
};

std::optional<Send> asSend(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier() ||
      !isOneOf({"send", "try_send", "send_timeout", "send_deadline"},
               Callee->getName()))
    return std::nullopt;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    const Expr *Object = Member->getImplicitObjectArgument();
    if (Object && isChannelSender(Object->getType()) && Call.getNumArgs() >= 1)
      return Send{Object, Call.getArg(0)};
  }
  // fearless::channel::send(tx, message, handler) in a select, and
  // selected_operation::send(tx, message).
  if (Call.getNumArgs() >= 2 && isChannelSender(Call.getArg(0)->getType()))
    return Send{Call.getArg(0), Call.getArg(1)};
  return std::nullopt;
}

/// Every send in \p S, not looking into lambdas (other functions, whose
/// locals are their own).
void collectSends(const Stmt *S, llvm::SmallVectorImpl<Send> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (std::optional<Send> Found = asSend(*Call))
      Out.push_back(*Found);
  for (const Stmt *Child : S->children())
    collectSends(Child, Out);
}

/// The pointer-like values \p Message, of type \p Type, is made of: itself
/// when the type is pointer-like, the pointer-like members of an aggregate,
/// a std::pair or a std::tuple built in place.
void borrowingParts(const Expr *Message, QualType Type, unsigned Depth,
                    llvm::SmallVectorImpl<const Expr *> &Out) {
  if (!Message || Type.isNull() || Depth > MaxMessageDepth)
    return;
  if (isPointerLike(Type)) {
    Out.push_back(Message);
    return;
  }
  const Expr *Plain = ignoreTemporaries(Message);
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(Plain))
    Plain = ignoreTemporaries(Cleanups->getSubExpr());
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Plain))
    Plain = ignoreTemporaries(Cast->getSubExpr());
  if (const auto *List = dyn_cast<InitListExpr>(Plain)) {
    // Aggregate initialisation: each initializer has its member's type.
    for (const Expr *Init : List->inits())
      borrowingParts(Init, Init->getType(), Depth + 1, Out);
    return;
  }
  const CXXRecordDecl *Record =
      Type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!isStdNamed(Record, {"pair", "tuple"}))
    return; // another class's constructor may copy what it is given
  llvm::SmallVector<const Expr *, 4> Arguments;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Plain)) {
    const CXXConstructorDecl *Constructor = Construct->getConstructor();
    if (!Constructor || Constructor->isCopyOrMoveConstructor())
      return;
    // A converting constructor from another pair or tuple (a make_pair
    // whose element types differ): look at how that one is built, element
    // by element, but with the message's element types: a `const char *`
    // converted to a std::string is copied.
    if (Construct->getNumArgs() == 1 &&
        isStdNamed(Construct->getArg(0)
                       ->getType()
                       .getNonReferenceType()
                       .getCanonicalType()
                       ->getAsCXXRecordDecl(),
                   {"pair", "tuple"})) {
      borrowingParts(Construct->getArg(0), Type, Depth + 1, Out);
      return;
    }
    Arguments.append(Construct->arg_begin(), Construct->arg_end());
  } else if (const auto *Call = dyn_cast<CallExpr>(Plain)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!isStdNamed(Callee, {"make_pair", "make_tuple"}))
      return;
    Arguments.append(Call->arg_begin(), Call->arg_end());
  }
  for (unsigned I = 0; I < Arguments.size(); ++I)
    borrowingParts(Arguments[I], templateTypeArgument(Type, I), Depth + 1,
                   Out);
}

} // namespace

llvm::SmallVector<Borrow, 2> findMessageBorrows(const Launch &L,
                                                const FunctionDecl &Function) {
  llvm::SmallVector<Borrow, 2> Out;
  const llvm::SmallVector<const VarDecl *, 2> Channels = channelsReceivedBy(L);
  if (Channels.empty() || !Function.getBody())
    return Out;
  llvm::SmallVector<Send, 4> Sends;
  collectSends(Function.getBody(), Sends);
  for (const Send &S : Sends) {
    if (!llvm::is_contained(Channels, channelOf(S.Sender, 0)))
      continue;
    // Named by the sender variable, or by the pair holding the channel
    // (`channel.first.send(...)`).
    const Expr *Named = stripValuePreservingWrappers(S.Sender);
    if (const auto *Member = dyn_cast<MemberExpr>(Named))
      Named = stripValuePreservingWrappers(Member->getBase());
    const auto *SenderRef = dyn_cast<DeclRefExpr>(Named);
    llvm::SmallVector<const Expr *, 2> Parts;
    borrowingParts(S.Message,
                   templateTypeArgument(S.Sender->getType(), 0), 0, Parts);
    for (const Expr *Part : Parts)
      for (Borrow B : objectsPointedToBy(*Part, Function)) {
        if (llvm::any_of(Out, [&](const Borrow &Seen) {
              return Seen.Object == B.Object;
            }))
          continue;
        B.Kind = BorrowKind::Message;
        B.Location = Part->getBeginLoc();
        B.SentOn = SenderRef ? SenderRef->getDecl() : nullptr;
        Out.push_back(B);
      }
  }
  return Out;
}

} // namespace clang::tidy::fearless
