//===--- DebugLog.h - why an analysis said nothing ---------------*- C++ -*-===//
//
// A line on stderr when the environment variable FEARLESS_DEBUG is set: a
// function skipped because it exceeded an analysis budget. Debian's LLVM is
// built without assertions, so LLVM_DEBUG and -debug-only are not available
// to a plugin; an environment variable works with every clang-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_DEBUGLOG_H
#define FEARLESS_CHECKER_DEBUGLOG_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/Twine.h"

namespace clang::tidy::fearless {

/// Prints "fearless: <Message> (<where Function is>)" when FEARLESS_DEBUG is
/// set in the environment.
void debugLog(const llvm::Twine &Message, const Decl &Function);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_DEBUGLOG_H
