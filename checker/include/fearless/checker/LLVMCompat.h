//===--- LLVMCompat.h - the clang APIs that differ between majors -*- C++ -*-===//
//
// The checker builds and is tested with LLVM 19 and 22 from one tree. Every
// difference between their clang APIs that the checker meets lives here,
// behind a function named for what it answers: the analyses call these and
// never test the LLVM version themselves.
//
//===----------------------------------------------------------------------===//

#ifndef FEARLESS_CHECKER_LLVMCOMPAT_H
#define FEARLESS_CHECKER_LLVMCOMPAT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/Config/llvm-config.h"

namespace clang::tidy::fearless::compat {

/// The type a class declares (LLVM 22 removed TagDecl::getTypeForDecl).
inline QualType typeOfRecord(const CXXRecordDecl &Record) {
#if LLVM_VERSION_MAJOR >= 22
  return Record.getASTContext().getCanonicalTagType(&Record);
#else
  return Record.getASTContext().getRecordType(&Record);
#endif
}

/// `int : 0;` (LLVM 22 no longer takes the ASTContext).
inline bool isZeroLengthBitField(const FieldDecl &Field) {
#if LLVM_VERSION_MAJOR >= 22
  return Field.isZeroLengthBitField();
#else
  return Field.isZeroLengthBitField(Field.getASTContext());
#endif
}

/// The legacy `assert_shared_lock` / `assert_exclusive_lock` attributes:
/// Shared or Exclusive, None without one. LLVM 22 parses both as
/// AssertCapabilityAttr, which the caller reads already.
enum class LegacyAssertLock { None, Shared, Exclusive };
inline LegacyAssertLock legacyAssertLock(const Decl &D) {
#if LLVM_VERSION_MAJOR >= 22
  (void)D;
  return LegacyAssertLock::None;
#else
  if (D.hasAttr<AssertSharedLockAttr>())
    return LegacyAssertLock::Shared;
  if (D.hasAttr<AssertExclusiveLockAttr>())
    return LegacyAssertLock::Exclusive;
  return LegacyAssertLock::None;
#endif
}

} // namespace clang::tidy::fearless::compat

#endif // FEARLESS_CHECKER_LLVMCOMPAT_H
