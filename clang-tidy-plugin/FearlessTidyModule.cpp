//===--- FearlessTidyModule.cpp - registers every fearless-* check --------===//
//
// One module for both ways of running the checks: compiled into the plugin
// that `clang-tidy --load` opens, and into the fearless-tidy executable. The
// static registration below adds the module to clang-tidy's registry when the
// plugin is loaded or when fearless-tidy starts.
//
//===----------------------------------------------------------------------===//

#include "ChannelNeverClosedCheck.h"
#include "DetachedThreadCheck.h"
#include "GuardBorrowCheck.h"
#include "SharedMutableCaptureCheck.h"
#include "ThreadEscapingBorrowCheck.h"
#include "TypestateCheck.h"
#include "UnjoinedThreadCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy::fearless {

class FearlessModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<ChannelNeverClosedCheck>(
        "fearless-channel-never-closed");
    Factories.registerCheck<DetachedThreadCheck>("fearless-detached-thread");
    Factories.registerCheck<GuardBorrowCheck>("fearless-guard-borrow");
    Factories.registerCheck<SharedMutableCaptureCheck>(
        "fearless-shared-mutable-capture");
    Factories.registerCheck<ThreadEscapingBorrowCheck>(
        "fearless-thread-escaping-borrow");
    Factories.registerCheck<TypestateCheck>("fearless-typestate");
    Factories.registerCheck<UnjoinedThreadCheck>("fearless-unjoined-thread");
  }

  // Loading the plugin, or running fearless-tidy, means wanting these checks:
  // enable them on top of clang-tidy's defaults. A `Checks` list from the
  // command line or a .clang-tidy file still decides, as for any module.
  ClangTidyOptions getModuleOptions() override {
    ClangTidyOptions Options;
    Options.Checks = "fearless-*";
    return Options;
  }
};

} // namespace clang::tidy::fearless

static clang::tidy::ClangTidyModuleRegistry::Add<
    clang::tidy::fearless::FearlessModule>
    FearlessModuleRegistration(
        "fearless-module",
        "fearless: Rust's fearless-concurrency guarantees as clang-tidy checks.");
