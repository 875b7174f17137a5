#include "CReferenceHeap.h"

#include <stdio.h>
#include <stdlib.h>

static inline int precedes(const ref_event *a, const ref_event *b) {
    return a->time < b->time || (a->time == b->time && a->sequence < b->sequence);
}

void ref_heap_init(ref_heap *heap) {
    heap->data = NULL;
    heap->count = 0;
    heap->capacity = 0;
    heap->next_sequence = 0;
}

void ref_heap_destroy(ref_heap *heap) {
    free(heap->data);
    ref_heap_init(heap);
}

static void grow(ref_heap *heap) {
    size_t capacity = heap->capacity ? heap->capacity * 2 : 16;
    ref_event *data = realloc(heap->data, capacity * sizeof(ref_event));
    if (!data) {
        fputs("CReferenceHeap: out of memory\n", stderr);
        abort();
    }
    heap->data = data;
    heap->capacity = capacity;
}

void ref_heap_push(ref_heap *heap, int64_t time, uint32_t payload) {
    if (heap->count == heap->capacity) grow(heap);
    ref_event moving = {time, heap->next_sequence++, payload, 0};
    ref_event *h = heap->data;
    size_t child = heap->count++;
    while (child > 0) {  // sift up through a hole
        size_t parent = (child - 1) >> 2;
        if (!precedes(&moving, &h[parent])) break;
        h[child] = h[parent];
        child = parent;
    }
    h[child] = moving;
}

int ref_heap_pop(ref_heap *heap, ref_event *out) {
    if (heap->count == 0) return 0;
    ref_event *h = heap->data;
    *out = h[0];
    size_t n = --heap->count;
    if (n == 0) return 1;
    ref_event moving = h[n];
    size_t hole = 0;
    for (;;) {  // sift down through a hole
        size_t first = 4 * hole + 1;
        if (first >= n) break;
        size_t best = first;
        size_t end = first + 4 < n ? first + 4 : n;
        for (size_t c = first + 1; c < end; c++)
            if (precedes(&h[c], &h[best])) best = c;
        if (!precedes(&h[best], &moving)) break;
        h[hole] = h[best];
        hole = best;
    }
    h[hole] = moving;
    return 1;
}

uint64_t ref_rng_next(ref_rng *rng) {
    uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int64_t ref_rng_delay(ref_rng *rng, int64_t mean) {
    unsigned __int128 wide = (unsigned __int128)ref_rng_next(rng) * (uint64_t)(2 * mean);
    return (int64_t)(uint64_t)(wide >> 64);
}

static inline void record(ref_hold_state *st, const ref_event *e) {
    st->time_sum += (uint64_t)e->time;
    st->tag_hash = (st->tag_hash ^ e->payload) * 0x100000001b3ULL;
}

void ref_hold_fill(ref_heap *heap, size_t n, ref_rng *rng, int64_t mean, ref_hold_state *st) {
    for (size_t i = 0; i < n; i++)
        ref_heap_push(heap, ref_rng_delay(rng, mean), (uint32_t)st->next_tag++);
}

void ref_hold_run(ref_heap *heap, uint64_t ops, ref_rng *rng, int64_t mean, ref_hold_state *st) {
    ref_event e;
    for (uint64_t i = 0; i < ops; i++) {
        if (!ref_heap_pop(heap, &e)) return;
        record(st, &e);
        ref_heap_push(heap, e.time + ref_rng_delay(rng, mean), (uint32_t)st->next_tag++);
    }
}
