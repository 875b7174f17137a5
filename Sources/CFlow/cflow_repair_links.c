/* The local repair's active links (cflow_repair.c): activation, counting unchanged
 * flows frozen as the water passes their old levels, and saturation.
 *
 * An active link's record (cflow_repair_link) counts the rates frozen on it and the
 * weight still rising, so rem / wsum is the level at which it saturates if nothing
 * else changes. Unchanged flows rise with the water until their old level; they are
 * kept sorted by that level, and the link counts them frozen as the water passes it,
 * so each costs O(1) after the sort. */
#include "cflow_repair.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_level(const void *a, const void *b) {
    const cflow_pending *x = a, *y = b;
    if (x->level != y->level) return x->level < y->level ? -1 : 1;
    return (x->flow > y->flow) - (x->flow < y->flow);
}

static void sort_pending(cflow_pending *items, int32_t n) {
    if (n > 16) {
        qsort(items, (size_t)n, sizeof *items, by_level);
        return;
    }
    for (int32_t i = 1; i < n; i++) {
        cflow_pending item = items[i];
        int32_t j = i;
        for (; j > 0 && by_level(&items[j - 1], &item) > 0; j--) items[j] = items[j - 1];
        items[j] = item;
    }
}

/* The largest double below a level (>= 0): flows below the water at activation are
 * exactly those at or below it. (nextafter, without the library call.) */
static double below(double level) {
    if (level == 0) return -DBL_TRUE_MIN;
    uint64_t bits;
    memcpy(&bits, &level, sizeof bits);
    bits--;
    memcpy(&level, &bits, sizeof bits);
    return level;
}

/* The level at which the link saturates if nothing else changes (never below the
 * water level); the link must have a rising flow. */
double cflow__repair_share(const repair *r, int32_t link) {
    double share = r->links[link].rem / r->links[link].wsum;
    return share > r->level ? share : r->level;
}

void cflow__repair_activate(repair *r, int32_t l) {
    cflow_model *m = r->m;
    cflow_repair_link *x = &r->links[l];
    if (x->active == r->stamp) return;
    x->active = r->stamp;
    m->comp_links[r->nactive++] = l;
    /* Locals: the compiler cannot tell the stores below from the model's fields. */
    const int32_t *flows = m->l_flows[l], *bottlenecks = m->f_bottleneck;
    const double *rates = m->f_rate, *weights = m->f_weight;
    const cflow_repair_flow *records = r->flows;
    cflow_pending *pending = m->pending;
    const uint32_t stamp = r->stamp;
    double rem = m->l_capacity[l], wsum = 0, top = 0, pending_rates = 0, water = r->level;
    int32_t rising = 0, changed_rising = 0, begin = r->npending, end = begin, count = m->l_count[l];
    for (int32_t j = 0; j < count; j++) {
        int32_t g = flows[j];
        const cflow_repair_flow *y = &records[g];
        if (y->touched == stamp) {
            if (y->state == REPAIR_RISING) {
                wsum += weights[g];
                rising++;
                changed_rising++;
            } else {
                double rate = y->state == REPAIR_FROZEN ? y->rate : rates[g];
                rem -= rate;
                if (rate / weights[g] > top) top = rate / weights[g];
            }
            continue;
        }
        double level = rates[g] / weights[g];
        if (level < water) { /* frozen at its old level below the water */
            rem -= rates[g];
            if (level > top) top = level;
            continue;
        }
        pending[end++] = (cflow_pending){.level = level, .flow = g};
        pending_rates += rates[g];
        wsum += weights[g];
        rising++;
        /* Its recorded bottleneck changed: check at its level whether it still holds. */
        if (bottlenecks[g] == l) cflow__repair_push_event(r, g, level);
    }
    sort_pending(pending + begin, end - begin);
    r->npending = end;
    *x = (cflow_repair_link){
        .rem = rem, .wsum = wsum, .passed = below(water), .top = top, .saturated_at = -1,
        .unfixed = rising, .queue_pos = -1, .pending_next = begin, .pending_end = end,
        .active = stamp, .measured = x->measured,
    };
    r->work += count + 1;
    /* With no changed flow rising on it, a link that has room even once its unchanged
     * flows reach their old levels never saturates: it is queued only if a changed flow
     * rises on it later (which lowers its share, cflow_repair_flows.c). Whether it
     * holds a flow at its level is still answered from its counts. */
    if (changed_rising > 0 || rem - pending_rates < -m->l_capacity[l] * REPAIR_TOL)
        cflow__repair_queue_link(r, l, cflow__repair_share(r, l));
}

void cflow__repair_activate_route(repair *r, int32_t flow) {
    cflow_model *m = r->m;
    int32_t off = m->f_route_off[flow];
    for (int32_t k = 0; k < m->f_route_len[flow]; k++) cflow__repair_activate(r, m->r_link[off + k]);
}

/* Counts frozen the link's unchanged flows whose old level is <= threshold. */
void cflow__repair_advance(repair *r, int32_t l, double threshold) {
    cflow_model *m = r->m;
    cflow_repair_link *x = &r->links[l];
    if (threshold <= x->passed) return;
    x->passed = threshold;
    int32_t next = x->pending_next, end = x->pending_end;
    for (; next < end && m->pending[next].level <= threshold; next++) {
        int32_t g = m->pending[next].flow;
        /* Flows that joined C are counted by their own state changes. */
        if (repair_touched(r, g) && r->flows[g].state != REPAIR_CONFIRMED) continue;
        x->rem -= m->f_rate[g];
        x->wsum -= m->f_weight[g];
        if (--x->unfixed == 0) x->wsum = 0;
        if (m->pending[next].level > x->top) x->top = m->pending[next].level;
    }
    r->work += next - x->pending_next;
    x->pending_next = next;
}

/* Saturates link l at level s: its rising flows freeze there. Unchanged flows it has
 * counted frozen keep their levels; the others were above s and come down to it. */
static void saturate(repair *r, int32_t l, double s) {
    cflow_model *m = r->m;
    r->links[l].saturated_at = s;
    const int32_t *flows = m->l_flows[l];
    for (int32_t j = 0; j < m->l_count[l]; j++) {
        int32_t g = flows[j];
        if (repair_touched(r, g)) {
            if (r->flows[g].state == REPAIR_RISING) cflow__repair_freeze(r, g, m->f_weight[g] * s, l);
        } else if (repair_old_level(m, g) > r->links[l].passed) {
            cflow__repair_lower(r, g, m->f_weight[g] * s, l);
        }
    }
    r->work += m->l_count[l];
}

/* Examines the link at the top of the queue: counts frozen the unchanged flows the
 * water has passed at its key; if its share has risen it is re-queued, else it
 * saturates (or, with no rising flow left, leaves the queue). */
void cflow__repair_saturate_top(repair *r) {
    int32_t l = cflow__repair_link_top(r);
    cflow_repair_link *x = &r->links[l];
    double key = x->key;
    /* The least key of both queues: every event below it has been handled. */
    if (key > r->level) r->level = key;
    cflow__repair_advance(r, l, key * (1 + REPAIR_TOL));
    r->work++;
    if (x->unfixed == 0) {
        cflow__repair_pop_link(r);
        if (x->rem <= r->m->l_capacity[l] * REPAIR_TOL) x->saturated_at = key;
        return;
    }
    double share = cflow__repair_share(r, l);
    if (share > key) {
        cflow__repair_requeue_top(r, share);
        return;
    }
    cflow__repair_pop_link(r);
    saturate(r, l, share);
}
