//! In-process checks of the embedding API (system allocator only: a pool
//! would take over every thread's allocations; pool runs are C programs).
