//===--- FearlessFuzzer.cpp - every fearless check on arbitrary input -----===//
//
// A libFuzzer target: the input is a C++ source buffer, and every fearless-*
// check runs on it through clang-tidy's own entry point (runClangTidy), as
// fearless-tidy would. Clang's rule is that no input may crash the compiler;
// ours is that no input may crash the checks. The checker's code is built
// with coverage and AddressSanitizer; clang itself is Debian's build.
//
// The first byte of the input chooses how the rest is compiled, so that the
// fuzzer explores all four combinations from any seed:
//   bit 0   prepend the prelude (the standard concurrency headers and
//           pthreads), so that short inputs can use std::thread and
//           std::mutex without including them
//   bit 1   -std=c++20 (otherwise the compiler's default dialect)
// The prelude is precompiled once per dialect at start-up with the clang++
// of the same LLVM install; without it (no clang++), it is included as text.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace clang;
using namespace clang::tidy;

namespace {

constexpr const char *InputPath = "/fearless-fuzz/input.cpp";

// What real concurrent code includes, so that fuzzed statements reach the
// checks' std:: models rather than stopping at name lookup. Not the fearless
// runtime: walking its whole AST on every input made a run take 1.7 s
// instead of 0.2 s (seeds that include it still reach its models).
constexpr const char *Prelude = R"cpp(
#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>
#include <pthread.h>
)cpp";

struct Dialect {
  const char *StdFlag; // nullptr: the compiler's default
  std::string PrecompiledPrelude; // empty: include the prelude as text
};

Dialect Dialects[2] = {{nullptr, {}}, {"-std=c++20", {}}};
std::string PreludePath;

// The flags both the prelude and the input are compiled with: a precompiled
// header is only accepted by a compilation with the same dialect and paths.
std::vector<std::string> dialectArguments(const Dialect &D) {
  std::vector<std::string> Args = {
      "-pthread", "-resource-dir=" FEARLESS_CLANG_RESOURCE_DIR,
      "-I" FEARLESS_RUNTIME_INCLUDE_DIR};
  if (D.StdFlag)
    Args.push_back(D.StdFlag);
  return Args;
}

// Precompiles the prelude for one dialect; on any failure the prelude is
// used as text (slower, same behaviour).
void precompilePrelude(Dialect &D, llvm::StringRef Directory) {
  llvm::SmallString<256> Output(Directory);
  llvm::sys::path::append(Output, D.StdFlag ? "prelude-cxx20.pch"
                                            : "prelude-default.pch");
  std::vector<std::string> Args = {FEARLESS_CLANGXX, "-x", "c++-header"};
  for (std::string &Flag : dialectArguments(D))
    Args.push_back(std::move(Flag));
  Args.insert(Args.end(), {PreludePath, "-o", std::string(Output)});
  std::vector<llvm::StringRef> Refs(Args.begin(), Args.end());
  std::string Error;
  if (llvm::sys::ExecuteAndWait(FEARLESS_CLANGXX, Refs, std::nullopt, {}, 0,
                                0, &Error) == 0)
    D.PrecompiledPrelude = std::string(Output);
  else
    llvm::errs() << "fearless-fuzz: could not precompile the prelude ("
                 << Error << "); including it as text\n";
}

ClangTidyOptions checkOptions() {
  ClangTidyOptions Options = ClangTidyOptions::getDefaults();
  Options.Checks = "-*,fearless-*";
  // The most expensive settings of every check: the paths through
  // exceptions too, so that more of the analyses run.
  Options.CheckOptions["fearless-unjoined-thread.CheckExceptionalPaths"] =
      ClangTidyOptions::ClangTidyValue("true");
  Options.CheckOptions["fearless-typestate.CheckExceptionalPaths"] =
      ClangTidyOptions::ClangTidyValue("true");
  return Options;
}

/// The directory of the prelude and its precompiled forms, removed when the
/// fuzzer exits normally (after -max_total_time or -runs); a crash leaves it
/// for the investigation.
std::string PreludeDirectory;

void removePreludeDirectory() {
  if (!PreludeDirectory.empty())
    llvm::sys::fs::remove_directories(PreludeDirectory);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  llvm::SmallString<256> Directory;
  if (llvm::sys::fs::createUniqueDirectory("fearless-fuzz", Directory)) {
    llvm::errs() << "fearless-fuzz: cannot create a temporary directory\n";
    std::abort();
  }
  PreludeDirectory = std::string(Directory);
  std::atexit(removePreludeDirectory);
  llvm::SmallString<256> Path(Directory);
  llvm::sys::path::append(Path, "prelude.h");
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(Path, EC);
    if (EC) {
      llvm::errs() << "fearless-fuzz: cannot write " << Path << "\n";
      std::abort();
    }
    Out << Prelude;
  }
  PreludePath = std::string(Path);
  for (Dialect &D : Dialects)
    precompilePrelude(D, Directory);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  const unsigned Mode = Data[0];
  const bool WithPrelude = Mode & 1;
  const Dialect &D = Dialects[(Mode >> 1) & 1];
  llvm::StringRef Source(reinterpret_cast<const char *>(Data) + 1, Size - 1);

  // FixedCompilationDatabase adds the compiler and the input file.
  std::vector<std::string> Args = {"-x", "c++", "-fsyntax-only",
                                   // all errors: do not spend time on them
                                   "-ferror-limit=20"};
  for (std::string &Flag : dialectArguments(D))
    Args.push_back(std::move(Flag));
  if (WithPrelude) {
    if (!D.PrecompiledPrelude.empty()) {
      Args.push_back("-include-pch");
      Args.push_back(D.PrecompiledPrelude);
    } else {
      Args.push_back("-include");
      Args.push_back(PreludePath);
    }
  }
  tooling::FixedCompilationDatabase Compilations(".", Args);

  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(InputPath, 0, llvm::MemoryBuffer::getMemBufferCopy(Source));
  auto Files = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  Files->pushOverlay(Memory);

  ClangTidyContext Context(std::make_unique<DefaultOptionsProvider>(
      ClangTidyGlobalOptions(), checkOptions()));
  std::vector<ClangTidyError> Findings = runClangTidy(
      Context, Compilations, {InputPath}, Files, /*ApplyAnyFix=*/false);
  (void)Findings;
  return 0;
}
