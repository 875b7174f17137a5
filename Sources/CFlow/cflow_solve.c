/* Solving: first try a local repair around the dirty links (cflow_repair.c); if it
 * gives up, find the components reachable from dirty links, compute weighted max-min
 * rates in each by progressive filling (cflow_fill.c), and settle the flows whose rate
 * changed. */
#include "cflow_internal.h"
#include <math.h>

/* Collects the component containing `seed` into comp_links / comp_flows (breadth-first:
 * the link list doubles as the queue). Returns the number of flows; *out_links gets
 * the number of links. */
static int32_t collect(cflow_model *m, int32_t seed, int32_t *out_links) {
    uint32_t stamp = m->stamp;
    int32_t nl = 0, nf = 0;
    m->l_mark[seed] = stamp;
    m->comp_links[nl++] = seed;
    for (int32_t i = 0; i < nl; i++) {
        int32_t l = m->comp_links[i];
        for (int32_t j = 0; j < m->l_count[l]; j++) {
            int32_t f = m->l_flows[l][j];
            if (m->f_mark[f] == stamp) continue;
            m->f_mark[f] = stamp;
            m->comp_flows[nf++] = f;
            int32_t off = m->f_route_off[f];
            for (int32_t k = 0; k < m->f_route_len[f]; k++) {
                int32_t other = m->r_link[off + k];
                if (m->l_mark[other] == stamp) continue;
                m->l_mark[other] = stamp;
                m->comp_links[nl++] = other;
            }
        }
    }
    *out_links = nl;
    return nf;
}

/* Commits a fill of comp_flows: records each flow's bottleneck, and settles every flow
 * whose rate changed at now_ns and refreshes its completion time. */
void cflow__settle(cflow_model *m, int32_t nf, int64_t now_ns) {
    for (int32_t i = 0; i < nf; i++) {
        int32_t f = m->comp_flows[i];
        cflow__record_bottleneck(m, f, m->f_fill_link[f]);
        double rate = m->f_new_rate[f];
        if (rate == m->f_rate[f]) continue;
        m->f_remaining_at[f] = cflow__remaining(m, f, now_ns);
        m->f_t_update[f] = now_ns;
        m->f_rate[f] = rate;
        m->f_done[f] = cflow__completion(m, f);
        cflow__heap_update(m, f);
        m->stats.flows_settled++;
    }
}

int cflow_solve(cflow_model *m, int64_t now_ns) {
    if (cflow__advance_clock(m, now_ns)) return CFLOW_ETIME;
    if (m->ndirty == 0) return 0;
    m->stats.solves++;
    if (m->local_repair && cflow__repair(m, now_ns)) {
        for (int32_t i = 0; i < m->ndirty; i++) m->l_dirty[m->dirty[i]] = 0;
        m->ndirty = 0;
        m->stats.components_solved++;
        return 1;
    }
    uint32_t stamp = cflow__next_stamp(m);
    int components = 0;
    for (int32_t i = 0; i < m->ndirty; i++) {
        int32_t seed = m->dirty[i];
        m->l_dirty[seed] = 0;
        if (m->l_mark[seed] == stamp) continue;
        int32_t nl;
        int32_t nf = collect(m, seed, &nl);
        for (int32_t j = 0; j < nl; j++) m->l_rem[m->comp_links[j]] = m->l_capacity[m->comp_links[j]];
        cflow__fill(m, nl, nf);
        cflow__settle(m, nf, now_ns);
        components++;
        m->stats.flows_resolved += (uint64_t)nf;
    }
    m->ndirty = 0;
    m->stats.components_solved += (uint64_t)components;
    return components;
}
