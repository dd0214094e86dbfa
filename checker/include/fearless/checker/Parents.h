//===--- Parents.h - the parents of a node, cheaply -------------*- C++ -*-===//
//
// The analyses walk up the AST all the time (which statement holds this
// expression, which function holds this statement). clang's parent map
// (ASTContext::getParents) is built over the whole translation unit the first
// time it is asked, system headers included: in a file that includes
// <thread> and <vector> that walk over every declaration of the standard
// library costs a fifth of the parse, for parents the checks never ask about.
//
// parentsOf() narrows the ASTContext's traversal scope to the top-level
// declarations outside the system headers before clang's map is first
// built, so that the map (shared with clang's own hasAncestor matchers, which
// ExprMutationAnalyzer uses) covers the user's code only. A node outside it
// (a standard function's body read as a callee) is answered from a second,
// whole map, built only then. The answers are clang's; only the cost differs.
//
// The scope is narrowed while the matchers run (their traversal of the
// translation unit does not read it) and every check puts it back at the end
// of the translation unit (restoreTraversalScopes), before any other AST
// consumer (the static analyzer) runs. With --system-headers nothing is
// narrowed: other checks' matchers may then need parents in system headers.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_PARENTS_H
#define FEARLESS_CHECKER_PARENTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::fearless {

/// The parents of \p Node, as ASTContext::getParents gives them.
DynTypedNodeList parentsOf(ASTContext &Context, const DynTypedNode &Node);

/// Puts back the traversal scope of every ASTContext narrowed by parentsOf;
/// each check calls it at the end of its onEndOfTranslationUnit.
void restoreTraversalScopes();

/// Whether parentsOf may narrow the scope in the translation units to come:
/// set by the checks from the SystemHeaders option (AnalysedCode.h).
void allowNarrowingToUserCode(bool Allowed);

template <typename NodeT>
DynTypedNodeList parentsOf(ASTContext &Context, const NodeT &Node) {
  return parentsOf(Context, DynTypedNode::create(Node));
}

} // namespace clang::tidy::fearless

#endif // FEARLESS_CHECKER_PARENTS_H
