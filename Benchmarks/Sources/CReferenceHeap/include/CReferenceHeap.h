// A minimal 4-ary min-heap of events, written plainly in C11: the reference that
// Orrery's EventQueue is measured against ("the same work done by a minimal C 4-ary
// heap in the same run"). Entries are keyed by (time, sequence) and carry a payload
// index, 24 bytes each like the Swift queue's heap entries.
#ifndef CREFERENCEHEAP_H
#define CREFERENCEHEAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int64_t time;
    uint64_t sequence;
    uint32_t payload;
    uint32_t reserved;  // padding, keeps the entry at 24 bytes like Orrery's
} ref_event;

typedef struct {
    ref_event *data;
    size_t count;
    size_t capacity;
    uint64_t next_sequence;
} ref_heap;

/// splitmix64: the PRNG every contender uses for its delays.
typedef struct {
    uint64_t state;
} ref_rng;

/// Work done by a hold run: a check that contenders popped the same events in the
/// same order.
typedef struct {
    uint64_t time_sum;  // sum of popped times, mod 2^64
    uint64_t tag_hash;  // FNV-style fold of popped payloads, in pop order
    uint64_t next_tag;  // payload given to the next scheduled event
} ref_hold_state;

void ref_heap_init(ref_heap *heap);
void ref_heap_destroy(ref_heap *heap);
void ref_heap_push(ref_heap *heap, int64_t time, uint32_t payload);
/// Removes the earliest event into *out; returns 0 if the heap is empty.
int ref_heap_pop(ref_heap *heap, ref_event *out);

uint64_t ref_rng_next(ref_rng *rng);
/// A delay uniform in [0, 2*mean) (Lemire's multiply-high, no division).
int64_t ref_rng_delay(ref_rng *rng, int64_t mean);

/// Fills the heap with `n` events at times delay_1 ... delay_n.
void ref_hold_fill(ref_heap *heap, size_t n, ref_rng *rng, int64_t mean, ref_hold_state *st);
/// Runs `ops` hold operations: pop the earliest event, schedule a new one at
/// popped time + delay.
void ref_hold_run(ref_heap *heap, uint64_t ops, ref_rng *rng, int64_t mean, ref_hold_state *st);

#ifdef __cplusplus
}
#endif

#endif
