#include <cblas.h>

/// Asks the processor to start loading the cache line at `address` for a read soon (a hint: no
/// effect on results, never faults). Scoring sparse weights uses it to overlap the memory
/// latency of the next features' weight lists with the work on the current one.
static inline void classify_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Asks the processor to start loading the cache line at `address` for a write soon (a hint, as
/// `classify_prefetch`). Averaged SGD uses it for the rows its update step is about to write.
static inline void classify_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }
