//===--- DebugLog.cpp - why an analysis said nothing -----------------------===//

#include "fearless/checker/DebugLog.h"

#include "clang/AST/ASTContext.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace clang::tidy::fearless {

void debugLog(const llvm::Twine &Message, const Decl &Function) {
  static const bool Enabled = std::getenv("FEARLESS_DEBUG") != nullptr;
  if (!Enabled)
    return;
  llvm::errs() << "fearless: " << Message << " ("
               << Function.getLocation().printToString(
                      Function.getASTContext().getSourceManager())
               << ")\n";
}

} // namespace clang::tidy::fearless
