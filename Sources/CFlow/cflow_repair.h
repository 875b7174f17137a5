#ifndef CFLOW_REPAIR_H
#define CFLOW_REPAIR_H
/* The local repair's state, shared by cflow_repair*.c (the algorithm is described in
 * cflow_repair.c). Its per-link and per-flow scratch are records (cflow_internal.h:
 * cflow_repair_link, cflow_repair_flow) rather than separate arrays: the repair
 * touches a few links and flows scattered over the model, and reads most fields of
 * each, so one record per link or flow costs one or two cache lines instead of a
 * dozen. The records are valid only while their stamp equals the repair's. */
#include "cflow_internal.h"

/* Relative slack for "saturated" and "same level": far below the 1e-9 the invariants
 * allow, above the rounding of sums over a link's flows. */
#define REPAIR_TOL 1e-12

/* Flow states (cflow_repair_flow.state). RISING and FROZEN flows form C. */
enum { REPAIR_RISING = 1, REPAIR_FROZEN = 2, REPAIR_CONFIRMED = 3 };

typedef struct repair {
    cflow_model *m;
    cflow_repair_link *links;
    cflow_repair_flow *flows;
    uint32_t stamp;
    double level;        /* the water level: the level of the last event handled */
    int32_t ntouched;    /* flows with a repair state, listed in m->comp_flows */
    int32_t nactive;     /* active links, listed in m->comp_links */
    int32_t nqueued;     /* links in the link queue, m->share_heap */
    int32_t nevents;     /* flows in the event queue, m->cap_heap */
    int32_t npending;    /* entries used in m->pending */
    int64_t work, budget;
} repair;

static inline int repair_active(const repair *r, int32_t link) { return r->links[link].active == r->stamp; }
static inline int repair_touched(const repair *r, int32_t flow) { return r->flows[flow].touched == r->stamp; }
/* A flow's old level: the level at which the previous solve froze it. */
static inline double repair_old_level(const cflow_model *m, int32_t flow) { return m->f_rate[flow] / m->f_weight[flow]; }

/* cflow_repair_links.c: active links. */
void cflow__repair_activate(repair *r, int32_t link);
void cflow__repair_activate_route(repair *r, int32_t flow);
void cflow__repair_advance(repair *r, int32_t link, double threshold);
double cflow__repair_share(const repair *r, int32_t link);
void cflow__repair_saturate_top(repair *r);

/* cflow_repair_flows.c: flows leaving, keeping or joining their old levels. */
void cflow__repair_rise(repair *r, int32_t flow);
void cflow__repair_lower(repair *r, int32_t flow, double rate, int32_t link);
void cflow__repair_freeze(repair *r, int32_t flow, double rate, int32_t link);
void cflow__repair_flow_event(repair *r, int32_t flow);

/* cflow_repair_queue.c: the two level-ordered queues. */
int32_t cflow__repair_link_top(const repair *r);
void cflow__repair_queue_link(repair *r, int32_t link, double key);
void cflow__repair_requeue_top(repair *r, double key);
void cflow__repair_pop_link(repair *r);
void cflow__repair_unqueue_link(repair *r, int32_t link);
void cflow__repair_push_event(repair *r, int32_t flow, double key);
int32_t cflow__repair_pop_event(repair *r);

#endif
