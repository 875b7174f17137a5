#ifndef CFLOW_H
#define CFLOW_H
/*
 * CFlow: a flow-level bandwidth model for a network of links.
 *
 * MODEL
 *   A link has a capacity (bytes/s, finite, >= 0) and a latency (ns, >= 0). The model
 *   never uses the latency itself; it is stored for the caller (the Swift driver
 *   delays a transfer's start by its route's total latency).
 *   A flow has a route (a non-empty ordered list of link ids; a link may not appear
 *   twice), a byte count (finite, >= 0), an optional rate cap (bytes/s; pass
 *   CFLOW_NO_CAP or any value <= 0 for none) and a weight (finite, > 0; 1 by default).
 *
 * RATES: weighted max-min fairness by progressive filling
 *   Within one connected component (flows joined through shared links):
 *     1. every link starts with remaining capacity R_l = capacity and weight sum
 *        W_l = sum of the weights of its unfixed flows; a flow's own cap acts as a
 *        private link with R = cap and W = weight;
 *     2. the most constrained (private) link is the one with the smallest fair share
 *        R / W;
 *     3. its unfixed flows are fixed at weight x share; each fixed rate is subtracted
 *        from R of every link on the flow's route, and its weight from W;
 *     4. repeat until every flow is fixed.
 *   A link of capacity 0 has share 0: its flows are fixed at rate 0 (stalled) and no
 *   division by zero happens, since W > 0 whenever a share is computed.
 *   Step 2 uses a min-heap of links by share and one of capped flows by cap / weight;
 *   fixing a flow only raises its links' shares, so the link heap is lazy (a link is
 *   re-sifted only when it reaches the top with a stale share) and a component costs
 *   O((flows x route length + links) log links).
 *
 * INCREMENTAL SOLVING
 *   Adding, removing or re-routing a flow, or changing a link's capacity, marks the
 *   links involved dirty. cflow_solve(model, now) re-solves only what those changes can
 *   move, so all changes made at one instant cost one solve. Until cflow_solve runs,
 *   every flow keeps its previous rate (a new flow has rate 0). Two levels:
 *
 *   Local repair (first): progressive filling replayed only where rates can move.
 *   The previous solve's rates are the outcome of progressive filling: each flow froze
 *   at its level r / w on its recorded bottleneck (I5). The repair replays the filling
 *   for the new network, in level order, tracking only the changed flows C (new or
 *   re-routed flows, and flows found to leave their old level) and the active links
 *   (dirty links and the links of C, less those where a flow came down that are no
 *   other flow's recorded bottleneck: nothing can move there). Every other flow is assumed to freeze at its old
 *   level; until then it rises with the water on the active links it crosses. A link
 *   that is not active carries exactly its old flows and rates, so it saturates where
 *   it did; a flow can leave its old level only through an active link:
 *     - down: an active link saturates below the flow's old level: the flow freezes
 *       there and joins C (its other links become active);
 *     - up: the water reaches the flow's old level while its recorded bottleneck is
 *       active, and neither its cap nor any link of its route saturates there with it
 *       at the top: it rises on and joins C.
 *   Two level-ordered queues drive the replay: active links by the level at which they
 *   would saturate (a lazy min-heap: freezing a flow only raises a link's share), and
 *   flow events (those "up" checks, and the caps of rising flows in C). Each active
 *   link keeps its unchanged flows sorted by old level and counts them frozen as the
 *   water passes, so the replay is one pass whose cost follows the rates that move and
 *   the links they cross, not the size of the component: on the 1,024-host fat-tree
 *   benchmark (docs/performance.md) a change touches ~70 links and recomputes ~45 rates
 *   in components of 3,400 flows. By induction over levels the replay reproduces
 *   progressive filling of the whole network, so the result is exact. Comparisons allow
 *   1e-12 relative slack (rounding); one that fails only by rounding moves a flow into
 *   C, where its rate is recomputed, never makes a rate wrong.
 *
 *   Whole components (fallback). A repair that needs more than several whole
 *   re-solves' worth of work, or ends inconsistent (a flow of C left rising, a link
 *   over capacity beyond rounding), gives up before changing anything; then
 *   cflow_solve finds the component reachable from each dirty link (links -> flows on
 *   them -> links on their routes -> ...) and re-solves each whole. cflow_set_local_repair(model, 0) always does this (cross-checks,
 *   benchmarks).
 *
 * LAZY SETTLEMENT
 *   Each flow stores the bytes it had left when its rate last changed (remaining_at)
 *   and the time of that change (t_update). Then
 *       remaining(now) = max(0, remaining_at - rate * (now - t_update) / 1e9).
 *   A flow is settled (remaining_at and t_update moved to now) only when a solve gives
 *   it a different rate.
 *
 * COMPLETION
 *   A flow's completion time is t_update + ceil(remaining_at / rate * 1e9) ns (rounded
 *   up to the next whole ns, so remaining <= 0 up to rounding error), INT64_MAX at
 *   rate 0, and t_update itself when remaining_at is within the flow's epsilon,
 *   CFLOW_EPS_BYTES + CFLOW_EPS_RELATIVE x bytes (a zero-byte flow completes at once;
 *   a flow settled a rounding error short of its end does not linger for 1 ns).
 *   Completion times live in an indexed min-heap, so cflow_next_completion is O(1) and
 *   the caller needs exactly one pending event for the whole network.
 *   cflow_pop_completed(model, now, ...) removes every flow whose completion time is
 *   <= now, reports its id, and marks its links dirty.
 *
 * INVARIANTS (checked by cflow_check_invariants)
 *   I1 capacity: on every link, the sum of its flows' rates <= capacity (1 + 1e-9).
 *   I2 bottleneck (only when nothing is dirty): every flow runs at its own cap, or
 *      crosses a saturated link (load >= capacity (1 - 1e-9)) on which its rate/weight
 *      is the largest of all flows there (within 1e-9 relative). Stalled flows satisfy
 *      this through their zero-capacity link.
 *   I3 conservation: 0 <= remaining(t) <= bytes for every flow and every t >= t_update;
 *      bytes delivered + remaining = bytes.
 *   I4 structure: routes and per-link flow lists mirror each other; the heap is ordered
 *      and its positions are consistent; free slots are not live; each link counts the
 *      flows that record it as their bottleneck.
 *   I5 recorded bottleneck (only when nothing is dirty): each flow's recorded
 *      bottleneck is a link on its route that limits it as in I2, or the flow is
 *      recorded as capped and runs at its cap. The local repair relies on it.
 *
 * MEMORY
 *   Struct-of-arrays for links and flows, free lists for flow slots, one pooled array
 *   for all routes (compacted when more than half of it is garbage), per-link flow
 *   lists. The local repair's scratch is one record per link and per flow slot (it
 *   reads most fields of the few links and flows it touches, scattered over the model,
 *   so a record costs one cache line where separate arrays cost a dozen). Every array grows geometrically, so steady-state add/remove does not
 *   allocate.
 *
 * ERRORS
 *   Functions return CFLOW_OK (0) or a negative cflow_status; on failure
 *   cflow_last_error(model) describes the problem. Nothing aborts. Out of memory is
 *   reported as CFLOW_ENOMEM and leaves the model unchanged.
 *
 * IDS
 *   Link ids are dense indices 0, 1, 2, ... (links are never removed). Flow ids are
 *   64-bit: a slot index in the low 32 bits and the slot's generation in the high bits,
 *   so an id stays invalid after its flow is removed even when the slot is reused.
 */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Pass as rate_cap for "no cap". */
#define CFLOW_NO_CAP 0.0
/** Remaining bytes at or below CFLOW_EPS_BYTES + CFLOW_EPS_RELATIVE x (flow size)
 *  count as complete: absorbs floating-point rounding in lazy settlement. */
#define CFLOW_EPS_BYTES 1e-9
#define CFLOW_EPS_RELATIVE 1e-12

typedef enum cflow_status {
    CFLOW_OK = 0,
    CFLOW_EINVAL = -1,       /* a bad number: NaN, negative, infinite, zero weight */
    CFLOW_EUNKNOWN_LINK = -2,
    CFLOW_EUNKNOWN_FLOW = -3,
    CFLOW_EEMPTY_ROUTE = -4,
    CFLOW_ENOMEM = -5,
    CFLOW_EINVARIANT = -6,   /* cflow_check_invariants found a violation */
    CFLOW_ETIME = -7,        /* a time earlier than one the model has already seen */
} cflow_status;

/** Work counters, for tests and profiling. */
typedef struct cflow_stats {
    uint64_t solves;              /* cflow_solve calls that found dirty links */
    uint64_t components_solved;   /* regions re-solved: local repairs + whole components */
    uint64_t flows_resolved;      /* flow rates recomputed */
    uint64_t flows_settled;       /* flows whose rate changed (settled) */
    uint64_t local_repairs;       /* solves finished by a local repair */
    uint64_t repair_links;        /* links the local repairs made active */
    uint64_t repair_fallbacks;    /* local repairs given up for whole components */
} cflow_stats;

typedef struct cflow_model cflow_model;

/** A new, empty model, or NULL if out of memory. */
cflow_model *cflow_create(void);
/** Frees the model; NULL is allowed. */
void cflow_destroy(cflow_model *model);
/** The message of the last failure ("" if none). Valid until the next call. */
const char *cflow_last_error(const cflow_model *model);

/** Adds a link; stores its id in *out_link. capacity: bytes/s; latency: ns. */
int cflow_add_link(cflow_model *model, double capacity, int64_t latency_ns, int32_t *out_link);
/** Changes a link's capacity (0 stalls its flows until it returns). Marks it dirty. */
int cflow_set_link_capacity(cflow_model *model, int32_t link, double capacity);
/** A link's capacity (bytes/s) in *out. */
int cflow_link_capacity(const cflow_model *model, int32_t link, double *out);
/** The sum of the latencies (ns) of the links on a route, saturating; validates ids. */
int cflow_route_latency(cflow_model *model, const int32_t *route, int32_t length, int64_t *out_ns);
/** Number of links. */
int32_t cflow_link_count(const cflow_model *model);

/** Checks a flow's parameters without adding it (same errors as cflow_add_flow). */
int cflow_validate_flow(cflow_model *model, const int32_t *route, int32_t length, double bytes,
                        double rate_cap, double weight);
/** Starts a flow at now_ns with rate 0 until the next solve; stores its id in *out_flow. */
int cflow_add_flow(cflow_model *model, const int32_t *route, int32_t length, double bytes,
                   double rate_cap, double weight, int64_t now_ns, int64_t *out_flow);
/** Removes a flow (its undelivered bytes are dropped). Marks its links dirty. */
int cflow_remove_flow(cflow_model *model, int64_t flow);
/** Gives a flow a new route; its bytes and rate carry over until the next solve. */
int cflow_reroute_flow(cflow_model *model, int64_t flow, const int32_t *route, int32_t length);
/** Number of live flows. */
int32_t cflow_flow_count(const cflow_model *model);

/** Re-solves what the changes since the last solve can move, at now_ns. Returns the
 *  number of regions re-solved (1 for a local repair, else one per dirty component;
 *  0 if nothing changed) or CFLOW_ETIME. Times passed to add_flow, solve and
 *  pop_completed must never decrease (the model keeps a clock). */
int cflow_solve(cflow_model *model, int64_t now_ns);
/** A flow's current rate (bytes/s) in *out. */
int cflow_flow_rate(const cflow_model *model, int64_t flow, double *out);
/** A flow's remaining bytes at now_ns (not before its last update) in *out. */
int cflow_flow_remaining(cflow_model *model, int64_t flow, int64_t now_ns, double *out);

/** The earliest completion time over all flows (ns), INT64_MAX if none. */
int64_t cflow_next_completion(const cflow_model *model);
/** Removes the flows complete at now_ns, writing up to `capacity` ids to out_ids.
 *  Returns how many were removed (call again if it equals capacity). */
int32_t cflow_pop_completed(cflow_model *model, int64_t now_ns, int64_t *out_ids, int32_t capacity);

/** Checks invariants I1-I5; CFLOW_OK or CFLOW_EINVARIANT with a message. O(size). */
int cflow_check_invariants(cflow_model *model);
/** The model's clock: the latest time (ns) given to add_flow, solve or pop_completed. */
int64_t cflow_clock(const cflow_model *model);
/** The work counters so far. */
cflow_stats cflow_get_stats(const cflow_model *model);
/** Turns the local repair on (default) or off; off, every solve re-solves the dirty
 *  components whole. The rates are the same either way (cross-checks, benchmarks). */
void cflow_set_local_repair(cflow_model *model, int enabled);

#ifdef __cplusplus
}
#endif
#endif
