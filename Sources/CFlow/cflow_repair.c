/* Local repair: re-runs progressive filling only where a change can move rates
 * (cflow.h, INCREMENTAL SOLVING, "Local repair").
 *
 * Progressive filling raises a water level t from 0; a flow rises at weight x t until a
 * link on its route saturates (or it reaches its cap), then stays frozen. The previous
 * solve's rates are that process's outcome: a flow froze at its level r / w, on its
 * recorded bottleneck. The repair replays the process for the new network in level
 * order, but tracks only
 *   - the changed flows C: new or re-routed flows, and flows found to leave their old
 *     level (cflow_repair_flows.c); and
 *   - the active links: dirty links and the links of C (cflow_repair_links.c), except
 *     that a link where a flow of C came down stays inactive when it is no other
 *     flow's recorded bottleneck (l_held): less load there moves nothing unless a flow
 *     of C rises on it, which activates it.
 * Every other flow is assumed to freeze at its old level; on an active link it rises
 * with the water until then. A link that is not active carries exactly the flows and
 * rates it had, so it saturates at the level it did before, and a flow whose recorded
 * bottleneck is not active keeps its old level. A flow's level can move only when a
 * link it crosses is active:
 *   - down: an active link saturates below the flow's old level (the flow freezes
 *     there and joins C);
 *   - up: the water reaches the flow's old level while its recorded bottleneck is
 *     active, and no link of its route saturates there (the flow rises on, joining C).
 * Two queues drive the replay, both ordered by level: active links by the level at
 * which they would saturate if nothing else changed (cflow_repair_queue.c), and flow
 * events: each such "up" check, and the caps of rising flows in C. Each event is
 * handled at its level, so the replay reproduces progressive filling of the whole
 * network while touching only C and the active links: one pass, whose cost follows the
 * rates that move, not the size of the component.
 *
 * Level comparisons allow REPAIR_TOL relative slack (rounding); a comparison that fails
 * only by rounding moves a flow into C, where its rate is recomputed, never makes a rate
 * wrong. A repair that grows past a work budget, or ends in an inconsistent state,
 * gives up before committing anything; the caller then re-solves the dirty components
 * whole. */
#include "cflow_repair.h"
#include <math.h>

/* Processes the least pending event: a link saturating, a rising flow reaching its
 * cap, or an unchanged flow's level being checked. Returns 0 when none is left. */
static int step(repair *r) {
    int32_t link = cflow__repair_link_top(r);
    if (link < 0 && r->nevents == 0) return 0;
    double link_key = link >= 0 ? r->links[link].key : INFINITY;
    double flow_key = r->nevents > 0 ? r->flows[r->m->cap_heap[0]].event : INFINITY;
    if (flow_key <= link_key) {
        int32_t f = cflow__repair_pop_event(r);
        if (flow_key > r->level) r->level = flow_key;
        cflow__repair_flow_event(r, f);
    } else {
        cflow__repair_saturate_top(r);
    }
    return 1;
}

/* Whether the replay ended consistently: every flow of C frozen, no active link over
 * capacity beyond rounding. */
static int consistent(const repair *r) {
    const cflow_model *m = r->m;
    for (int32_t i = 0; i < r->ntouched; i++)
        if (r->flows[m->comp_flows[i]].state == REPAIR_RISING) return 0;
    for (int32_t i = 0; i < r->nactive; i++) {
        int32_t l = m->comp_links[i];
        if (r->links[l].rem < -1e-9 * m->l_capacity[l]) return 0;
    }
    return 1;
}

int cflow__repair(cflow_model *m, int64_t now_ns) {
    repair r = {.m = m, .links = m->repair_links, .flows = m->repair_flows, .stamp = cflow__next_stamp(m)};
    /* Beyond several whole re-solves' worth of work, something is wrong: give up. */
    r.budget = 16 * (int64_t)(m->r_used - m->r_garbage) + 4 * (int64_t)m->nlinks + 1024;
    /* C starts with the flows not solved on their current route (new or re-routed). */
    for (int32_t i = 0; i < m->ndirty; i++) {
        int32_t l = m->dirty[i];
        for (int32_t j = 0; j < m->l_count[l]; j++) {
            int32_t f = m->l_flows[l][j];
            if (!repair_touched(&r, f) && m->f_bottleneck[f] == CFLOW__UNSOLVED) cflow__repair_rise(&r, f);
        }
    }
    for (int32_t i = 0; i < m->ndirty; i++) cflow__repair_activate(&r, m->dirty[i]);
    for (int32_t i = 0; i < r.ntouched; i++) cflow__repair_activate_route(&r, m->comp_flows[i]);
    while (r.work <= r.budget && step(&r)) {
    }
    if (r.work > r.budget || !consistent(&r)) {
        m->stats.repair_fallbacks++;
        return 0;
    }
    /* Commit: confirmed flows keep their rates (and may record another bottleneck). */
    int32_t changed = 0;
    for (int32_t i = 0; i < r.ntouched; i++) {
        int32_t f = m->comp_flows[i];
        const cflow_repair_flow *y = &r.flows[f];
        m->f_new_rate[f] = y->state == REPAIR_CONFIRMED ? m->f_rate[f] : y->rate;
        m->f_fill_link[f] = y->link;
        changed += y->state != REPAIR_CONFIRMED;
    }
    cflow__settle(m, r.ntouched, now_ns);
    m->stats.flows_resolved += (uint64_t)changed;
    m->stats.repair_links += (uint64_t)r.nactive;
    m->stats.local_repairs++;
    return 1;
}
