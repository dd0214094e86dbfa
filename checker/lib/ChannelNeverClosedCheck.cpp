//===--- ChannelNeverClosedCheck.cpp - fearless-channel-never-closed ------===//

#include "ChannelNeverClosedCheck.h"

#include "fearless/checker/ChannelDrains.h"
#include "fearless/checker/StatementContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

void ChannelNeverClosedCheck::registerMatchers(MatchFinder *Finder) {
  // One matcher per loop kind: a matcher restricted to a kind is not asked
  // about the other statements (LaunchMatcher.h).
  Finder->addMatcher(cxxForRangeStmt(isAnalysedCode(SystemHeaders)).bind("loop"),
                     this);
  Finder->addMatcher(whileStmt(isAnalysedCode(SystemHeaders)).bind("loop"),
                     this);
}

void ChannelNeverClosedCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>("loop");
  if (!Loop || isInUnevaluatedContext(*Loop, *Result.Context) ||
      isInFunctionWithCompileErrors(*Loop, *Result.Context))
    return;
  const std::optional<NeverClosedDrain> Drain =
      findNeverClosedDrain(*Loop, *Result.Context);
  // A loop in a template is matched in each instantiation: report it once.
  if (!Drain || !Reported.insert(Loop->getBeginLoc()).second)
    return;
  const BindingDecl &Sender = *Drain->LiveSenders.front();
  diag(Loop->getBeginLoc(),
       "this loop receives from '%0' until every sender of its channel is "
       "gone, but the sender '%1' stays alive until after the loop: the loop "
       "can never end")
      << Drain->Receiver->getName() << Sender.getName();
  for (const BindingDecl *Live : Drain->LiveSenders)
    diag(Live->getLocation(),
         "'%0' is declared here and is neither reset, moved nor destroyed "
         "before the loop ends; reset() it, or move it into the last "
         "producer",
         DiagnosticIDs::Note)
        << Live->getName();
}

} // namespace clang::tidy::fearless
