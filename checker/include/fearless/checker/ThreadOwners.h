//===--- ThreadOwners.h - who is responsible for a running thread -*- C++ -*-===//
//
// Thread lifetime across functions, for the lifetime checks:
//   - a class whose destructor joins a thread member is a scoped owner, like
//     std::jthread: a thread stored in that member ends before the object;
//   - a function that returns a running std::thread hands the caller the
//     duty to join it (`auto t = start_server(); ...; t.join();`).
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_THREADOWNERS_H
#define FEARLESS_CHECKER_THREADOWNERS_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::fearless {

/// True when \p Class's destructor (or a member function it calls on the
/// object, a few calls deep) joins the thread in \p Member: `t_.join()`, a
/// join of every element of a container member, or a std::jthread member
/// (whose own destructor joins).
bool destructorJoins(const CXXRecordDecl &Class, const FieldDecl &Member);

/// True when every `return` of \p Function returns a thread it has just
/// started: `return std::thread(...)`, or a local std::thread started in the
/// function and neither joined nor detached there.
bool returnsRunningThread(const FunctionDecl &Function);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_THREADOWNERS_H
