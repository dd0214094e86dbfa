//===--- AnalysedCode.cpp - which code the checks analyse -----------------===//

#include "fearless/checker/AnalysedCode.h"
#include "fearless/checker/Parents.h"

namespace clang::tidy::fearless {

bool analysesSystemHeaders(ClangTidyContext &Context) {
  const bool SystemHeaders = Context.getOptions().SystemHeaders.value_or(false);
  allowNarrowingToUserCode(!SystemHeaders);
  return SystemHeaders;
}

} // namespace clang::tidy::fearless
