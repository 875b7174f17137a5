/* The local repair's flows (cflow_repair.c): a flow joins C when it leaves its old
 * level, down (an active link saturates below it) or up (its level is checked and no
 * link of its route holds it there any more); rising flows of C freeze when a link
 * saturates or at their cap. Each change is applied to the counts of the flow's active
 * links, and activates the others. */
#include "cflow_repair.h"
#include <math.h>

static cflow_repair_flow *touch(repair *r, int32_t f, int state) {
    cflow_repair_flow *y = &r->flows[f];
    if (y->touched != r->stamp) {
        y->touched = r->stamp;
        r->m->comp_flows[r->ntouched++] = f;
    }
    y->state = (uint8_t)state;
    return y;
}

/* Whether unchanged flow f is counted frozen (at its old rate) on active link l. */
static int passed(const repair *r, int32_t f, int32_t l) {
    return repair_old_level(r->m, f) <= r->links[l].passed;
}

/* A flow counted rising on active link l freezes at `rate`. A link left with nothing
 * rising leaves the queue at once: it can saturate no flow. */
static void take_rising(repair *r, int32_t l, double rate, double weight) {
    cflow_repair_link *x = &r->links[l];
    if (rate / weight > x->top) x->top = rate / weight;
    x->rem -= rate;
    x->wsum -= weight;
    if (--x->unfixed > 0) return;
    x->wsum = 0;
    if (x->queue_pos >= 0) cflow__repair_unqueue_link(r, l);
}

/* A flow of C starts (or goes on) rising; its cap becomes an event. */
void cflow__repair_rise(repair *r, int32_t f) {
    cflow_model *m = r->m;
    touch(r, f, REPAIR_RISING)->link = CFLOW__UNSOLVED;
    if (m->f_cap[f] != INFINITY) {
        double cap_level = m->f_cap[f] / m->f_weight[f];
        cflow__repair_push_event(r, f, cap_level > r->level ? cap_level : r->level);
    }
}

void cflow__repair_freeze(repair *r, int32_t f, double rate, int32_t link) {
    cflow_model *m = r->m;
    cflow_repair_flow *y = &r->flows[f];
    y->state = REPAIR_FROZEN;
    y->rate = rate;
    y->link = link;
    int32_t off = m->f_route_off[f], len = m->f_route_len[f];
    for (int32_t k = 0; k < len; k++) take_rising(r, m->r_link[off + k], rate, m->f_weight[f]);
    r->work += len;
}

/* Measures a link that is not active: its flows are unchanged, confirmed or lowered
 * (none rises there), so its spare capacity and top level follow from their rates. */
static void measure(repair *r, int32_t l) {
    const cflow_model *m = r->m;
    cflow_repair_link *x = &r->links[l];
    double load = 0, top = 0;
    for (int32_t j = 0; j < m->l_count[l]; j++) {
        int32_t g = m->l_flows[l][j];
        int lowered = repair_touched(r, g) && r->flows[g].state == REPAIR_FROZEN;
        double rate = lowered ? r->flows[g].rate : m->f_rate[g];
        load += rate;
        if (rate / m->f_weight[g] > top) top = rate / m->f_weight[g];
    }
    x->rem = m->l_capacity[l] - load;
    x->top = top;
    x->measured = r->stamp;
    r->work += m->l_count[l];
}

void cflow__repair_lower(repair *r, int32_t f, double rate, int32_t link) {
    cflow_model *m = r->m;
    cflow_repair_flow *y = touch(r, f, REPAIR_FROZEN);
    y->rate = rate;
    y->link = link;
    int32_t off = m->f_route_off[f], len = m->f_route_len[f];
    for (int32_t k = 0; k < len; k++) {
        int32_t l = m->r_link[off + k];
        cflow_repair_link *x = &r->links[l];
        if (repair_active(r, l)) {
            if (passed(r, f, l)) x->rem += m->f_rate[f] - rate; /* (top stays an upper bound) */
            else take_rising(r, l, rate, m->f_weight[f]);
        } else if (m->l_held[l] > (m->f_bottleneck[f] == l)) {
            cflow__repair_activate(r, l); /* flows it holds may rise now */
        } else {
            /* It holds no other flow: less load there moves nothing unless a flow of C
             * rises on it, which activates it. Stays inactive; measured afresh if a
             * check needs it. */
            x->measured = 0;
        }
    }
    r->work += len;
}

/* Raises f above its old level: on links that counted it frozen it rises again. */
static void raise(repair *r, int32_t f) {
    cflow_model *m = r->m;
    int32_t off = m->f_route_off[f], len = m->f_route_len[f];
    for (int32_t k = 0; k < len; k++) {
        int32_t l = m->r_link[off + k];
        if (!repair_active(r, l) || !passed(r, f, l)) continue;
        cflow_repair_link *x = &r->links[l];
        x->rem += m->f_rate[f];
        x->wsum += m->f_weight[f];
        x->unfixed++;
    }
    cflow__repair_rise(r, f);
    for (int32_t k = 0; k < len; k++) {
        int32_t l = m->r_link[off + k];
        if (!repair_active(r, l)) cflow__repair_activate(r, l);
        else if (r->links[l].unfixed > 0) cflow__repair_queue_link(r, l, cflow__repair_share(r, l));
    }
    r->work += 2 * len;
}

/* Whether link l saturates with unchanged flow f at the top, f's level being the
 * water level (`high` is that level plus the slack). */
static int holds(repair *r, int32_t l, double high) {
    cflow_model *m = r->m;
    cflow_repair_link *x = &r->links[l];
    if (x->active != r->stamp) {
        if (x->measured != r->stamp) measure(r, l);
        return x->rem <= m->l_capacity[l] * REPAIR_TOL && x->top <= high;
    }
    /* Saturated already: below f's level it would have brought f down, so at it. */
    if (x->saturated_at >= 0) return 1;
    cflow__repair_advance(r, l, high);
    if (x->unfixed > 0) return x->rem <= high * x->wsum;
    /* Every flow counted frozen: full, with f at the top? */
    return x->rem <= m->l_capacity[l] * REPAIR_TOL && x->top <= high;
}

static void confirm(repair *r, int32_t f, int32_t link) { touch(r, f, REPAIR_CONFIRMED)->link = link; }

/* The water has reached unchanged flow f's old level (its recorded bottleneck is
 * active): it keeps that level if its cap or a link of its route holds it there,
 * else it rises on. */
static void check(repair *r, int32_t f) {
    cflow_model *m = r->m;
    double high = repair_old_level(m, f) * (1 + REPAIR_TOL);
    if (m->f_cap[f] / m->f_weight[f] <= high) {
        confirm(r, f, CFLOW__CAPPED);
        return;
    }
    int32_t recorded = m->f_bottleneck[f], off = m->f_route_off[f];
    if (recorded >= 0 && holds(r, recorded, high)) {
        confirm(r, f, recorded);
        return;
    }
    for (int32_t k = 0; k < m->f_route_len[f]; k++) {
        int32_t l = m->r_link[off + k];
        if (l != recorded && holds(r, l, high)) {
            confirm(r, f, l);
            return;
        }
    }
    raise(r, f);
}

void cflow__repair_flow_event(repair *r, int32_t f) {
    r->work++;
    if (!repair_touched(r, f)) check(r, f);
    else if (r->flows[f].state == REPAIR_RISING) cflow__repair_freeze(r, f, r->m->f_cap[f], CFLOW__CAPPED);
}
