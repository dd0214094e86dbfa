// fearless — small platform helpers shared by the runtime: cache-line
// padding, the CPU's spin-wait hint and whether ThreadSanitizer or
// AddressSanitizer is on (FEARLESS_TSAN, FEARLESS_ASAN).
#ifndef FEARLESS_DETAIL_PLATFORM_HPP
#define FEARLESS_DETAIL_PLATFORM_HPP

#include <atomic>
#include <cstddef>

#if defined(__SANITIZE_THREAD__)
#define FEARLESS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FEARLESS_TSAN 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define FEARLESS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FEARLESS_ASAN 1
#endif
#endif

namespace fearless::detail {

/// Two adjacent lines: x86 prefetches cache lines in pairs, so 128 bytes keep
/// two hot atomics from sharing a prefetch unit (false sharing).
inline constexpr std::size_t cache_line = 128;

/// Tells the CPU that this thread is spinning (lower power, frees the sibling
/// hyper-thread).
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

/// A sequentially consistent fence. ThreadSanitizer does not model
/// standalone fences (g++ even warns about them), so under TSan the fence is
/// an RMW on a private atomic, which orders the same way for TSan's model.
inline void seq_cst_fence() noexcept {
#if defined(FEARLESS_TSAN)
  static std::atomic<int> fence_word{0};
  fence_word.fetch_add(0, std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

}  // namespace fearless::detail

#endif  // FEARLESS_DETAIL_PLATFORM_HPP
