#ifndef CFLOW_INTERNAL_H
#define CFLOW_INTERNAL_H
/* The model's storage, shared by the CFlow translation units. Not installed: the
 * public API is include/cflow.h. Everything is struct-of-arrays indexed by link id or
 * flow slot; see cflow.h for the algorithm and the invariants these arrays keep. */
#include "cflow.h"
#include <stddef.h>
#include <stdint.h>

/* An unchanged flow on a link the local repair tracks, and its old level (rate / weight). */
typedef struct cflow_pending {
    double level;
    int32_t flow;
} cflow_pending;

/* A link during a local repair (cflow_repair.c), valid while active == the repair's
 * stamp. rem is the capacity left after the flows counted frozen on the link, wsum and
 * unfixed the weight and number of flows counted rising, so rem / wsum is the level at
 * which it saturates if nothing else changes; key is its key in the link queue, at
 * queue_pos (-1: not queued); [pending_next, pending_end) its unchanged flows still
 * counted rising, by old level, in cflow_model.pending, those at or below `passed`
 * being counted frozen; top bounds the levels counted frozen; saturated_at is the level
 * at which it saturated (-1: not yet). A link that is not active but was measured by
 * this repair (measured == stamp) has rem and top from its flows' current rates. */
typedef struct cflow_repair_link {
    double rem, wsum, key, passed, top, saturated_at;
    int32_t unfixed, queue_pos, pending_next, pending_end;
    uint32_t active, measured;
} cflow_repair_link;

/* A flow during a local repair, valid while touched == the repair's stamp: its state
 * (REPAIR_* in cflow_repair.h), new rate and bottleneck (CFLOW__UNSOLVED while
 * rising), and its key in the event queue. */
typedef struct cflow_repair_flow {
    double rate, event;
    int32_t link;
    uint32_t touched;
    uint8_t state;
} cflow_repair_flow;

struct cflow_model {
    char error[256];
    cflow_stats stats;
    int64_t clock;          /* latest time seen (ns); times may not go back */
    uint32_t stamp;         /* visit stamp for component searches */
    int local_repair;       /* try a local repair before whole components (default on) */

    /* Links, indexed by id. */
    int32_t nlinks, links_alloc;
    double *l_capacity;     /* bytes/s */
    int64_t *l_latency;     /* ns */
    int32_t **l_flows;      /* flow slots crossing the link */
    int32_t **l_route_k;    /* for each, the index of this link in that flow's route */
    int32_t *l_count, *l_alloc;
    int32_t *l_held;        /* flows whose recorded bottleneck (f_bottleneck) is the link */
    uint8_t *l_dirty;
    uint32_t *l_mark;
    double *l_rem, *l_wsum; /* solve scratch: remaining capacity, unfixed weight sum */
    int32_t *l_unfixed;     /* solve scratch: unfixed flows on the link */
    double *l_share;        /* solve scratch: l_rem / l_wsum, INFINITY once all are fixed */
    double *l_hkey;         /* solve scratch: the share a link is keyed by in share_heap */
    /* Dirty links, each once (l_dirty is the membership flag). */
    int32_t *dirty, ndirty, dirty_alloc;

    /* Flows, indexed by slot. */
    int32_t nslots, slots_alloc, free_head, nlive;
    uint32_t *f_gen;
    uint8_t *f_live;
    int32_t *f_next_free;
    int32_t *f_route_off, *f_route_len;
    double *f_bytes, *f_remaining_at, *f_rate, *f_cap, *f_weight;
    int64_t *f_t_update, *f_done;
    int32_t *f_heap_pos;
    uint32_t *f_mark;
    int32_t *f_bottleneck;  /* a link that bottlenecks the flow, CFLOW__CAPPED or
                               CFLOW__UNSOLVED (invariant I5 in cflow.h) */
    uint8_t *f_fixed;       /* solve scratch (the repair keeps its flow states here) */
    double *f_new_rate;     /* solve scratch */
    int32_t *f_fill_link;   /* solve scratch: the bottleneck the last fill gave the flow */

    /* Route pool: entry i is link r_link[i], at position r_pos[i] of that link's list. */
    int32_t *r_link, *r_pos;
    int32_t r_used, r_alloc, r_garbage;
    /* Local repair scratch (cflow_repair.h): a record per link and per flow slot, and
     * r_alloc pending entries (at most one per live route entry). */
    cflow_repair_link *repair_links;
    cflow_repair_flow *repair_flows;
    cflow_pending *pending;

    /* Min-heap of live flow slots by f_done (capacity slots_alloc). */
    int32_t *heap, heap_n;

    /* Component search and filling scratch: links by share, capped flows by cap/weight. */
    int32_t *comp_links, *comp_flows, *share_heap, *cap_heap;
};

/* f_bottleneck / f_fill_link values that are not links. */
#define CFLOW__CAPPED (-1)
#define CFLOW__UNSOLVED (-2)

/* cflow_model.c */
int cflow__fail(cflow_model *m, int status, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int cflow__grow(void **array, size_t element, int32_t count);
int cflow__slot(const cflow_model *m, int64_t flow);
int64_t cflow__id(const cflow_model *m, int32_t slot);
int cflow__advance_clock(cflow_model *m, int64_t now_ns);
uint32_t cflow__next_stamp(cflow_model *m);

/* cflow_links.c */
void cflow__mark_dirty(cflow_model *m, int32_t link);
int cflow__reserve_links(cflow_model *m, const int32_t *route, int32_t length);
void cflow__attach(cflow_model *m, int32_t slot);
void cflow__detach(cflow_model *m, int32_t slot);
void cflow__record_bottleneck(cflow_model *m, int32_t slot, int32_t link);

/* cflow_routes.c */
int cflow__route_alloc(cflow_model *m, int32_t length, int32_t *out_offset);

/* cflow_heap.c */
double cflow__epsilon(const cflow_model *m, int32_t slot);
int64_t cflow__completion(const cflow_model *m, int32_t slot);
double cflow__remaining(const cflow_model *m, int32_t slot, int64_t now_ns);
void cflow__heap_insert(cflow_model *m, int32_t slot);
void cflow__heap_remove(cflow_model *m, int32_t slot);
void cflow__heap_update(cflow_model *m, int32_t slot);

/* cflow_fill.c: fills comp_flows (a whole component) over comp_links, whose l_rem the
 * caller sets to their capacities. */
void cflow__fill(cflow_model *m, int32_t nlinks, int32_t nflows);

/* cflow_solve.c */
void cflow__settle(cflow_model *m, int32_t nflows, int64_t now_ns);

/* cflow_repair.c: 1 if it solved every dirty link, 0 if the caller must re-solve
 * the dirty components whole (nothing has been changed then). */
int cflow__repair(cflow_model *m, int64_t now_ns);

/* cflow_flows.c */
void cflow__free_flow(cflow_model *m, int32_t slot);

#endif
