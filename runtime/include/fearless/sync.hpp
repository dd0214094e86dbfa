// fearless — synchronization that owns what it protects: mutex<T> and
// rw_lock<T> (data reached only through guards), semaphore (permits as
// objects), wait_group (Go's, for migration), once_cell<T> and lazy<T>.
#ifndef FEARLESS_SYNC_HPP
#define FEARLESS_SYNC_HPP

#include "fearless/sync/mutex.hpp"
#include "fearless/sync/once_cell.hpp"
#include "fearless/sync/rw_lock.hpp"
#include "fearless/sync/semaphore.hpp"
#include "fearless/sync/wait_group.hpp"

#endif  // FEARLESS_SYNC_HPP
