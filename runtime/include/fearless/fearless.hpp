// fearless — the whole runtime in one include.
#ifndef FEARLESS_FEARLESS_HPP
#define FEARLESS_FEARLESS_HPP

#include "fearless/annotations.hpp"
#include "fearless/broadcast.hpp"
#include "fearless/cancellation.hpp"
#include "fearless/channel.hpp"
#include "fearless/join.hpp"
#include "fearless/par_bridge.hpp"
#include "fearless/par_iter.hpp"
#include "fearless/par_sort.hpp"
#include "fearless/pool_scope.hpp"
#include "fearless/scope.hpp"
#include "fearless/select.hpp"
#include "fearless/sync.hpp"
#include "fearless/thread_pool.hpp"
#include "fearless/try_scope.hpp"
#include "fearless/typestate.hpp"
#include "fearless/version.hpp"

#endif  // FEARLESS_FEARLESS_HPP
