//===--- FunctionBodyMatcher.cpp - match every function body --------------===//

#include "fearless/checker/FunctionBodyMatcher.h"
#include "fearless/checker/AnalysedCode.h"
#include "fearless/checker/StatementContext.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace clang::tidy::fearless {

void registerFunctionBodyMatchers(MatchFinder &Finder,
                                  MatchFinder::MatchCallback &Callback,
                                  bool SystemHeaders) {
  Finder.addMatcher(functionDecl(isAnalysedCode(SystemHeaders), isDefinition(),
                                 hasBody(stmt()))
                        .bind("function"),
                    &Callback);
  Finder.addMatcher(lambdaExpr(isAnalysedCode(SystemHeaders)).bind("lambda"),
                    &Callback);
}

const FunctionDecl *matchedFunctionBody(const MatchFinder::MatchResult &Result) {
  const FunctionDecl *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    Function = Lambda->getCallOperator();
  if (!Function || Function->isDependentContext() || !Function->getBody())
    return nullptr;
  if (hasCompileErrors(*Function))
    return nullptr;
  return Function;
}

} // namespace clang::tidy::fearless
