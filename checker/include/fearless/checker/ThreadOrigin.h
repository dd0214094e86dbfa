//===--- ThreadOrigin.h - where a thread handle's thread started -*- C++ -*-===//
//
// Given an expression that denotes a thread handle at some statement (the
// object of `t.detach()`, the argument of `pthread_detach(tid)`), finds the
// expressions in the same function that started the thread it may hold there:
// a `std::thread`/`std::jthread` construction with a callable, `new` or
// `std::make_unique`/`std::make_shared` of one, or `pthread_create(&tid, ...)`.
//
// The search is flow-sensitive: it walks the function's CFG backwards from the
// statement and stops on each path at the last write of the handle. A write
// that is a launch is an origin; a move or copy from another local handle, or
// taking its address, continues the search from that handle; anything it does
// not understand (a factory call, passing the handle by reference to an
// unknown function) ends the path with no origin. So every origin returned is
// one that really may reach the statement; an empty result means "not visible
// here", never "no thread".
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_THREADORIGIN_H
#define FEARLESS_CHECKER_THREADORIGIN_H

#include "fearless/checker/FunctionCFG.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::fearless {

/// The launches that may have started the thread that \p Handle denotes when
/// \p At is evaluated, in source order, without duplicates. \p Handle is a
/// sub-expression of \p At, and \p Body the CFG of the innermost function
/// around \p At. A handle that is itself a launch (`std::thread(f).detach()`)
/// needs no CFG, so \p Body may be null (code outside any function).
llvm::SmallVector<const Expr *, 2> findThreadOrigins(const Expr &Handle,
                                                     const Stmt &At,
                                                     const FunctionCFG *Body);

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_THREADORIGIN_H
