/* The debug invariant checker (I1-I5 in cflow.h). O(links + route entries + flows).
 * Uses the solve scratch arrays (l_rem as link load, l_wsum as the largest rate/weight
 * on the link), which hold nothing between solves. */
#include "cflow_internal.h"
#include <math.h>

#define TOL 1e-9

static int bad(cflow_model *m, const char *what, long long a, long long b) {
    return cflow__fail(m, CFLOW_EINVARIANT, "invariant violated: %s (%lld, %lld)", what, a, b);
}

static int check_structure(cflow_model *m) {
    int64_t entries = 0;
    for (int32_t s = 0; s < m->nslots; s++) {
        if (!m->f_live[s]) continue;
        int32_t off = m->f_route_off[s], len = m->f_route_len[s];
        if (len <= 0 || off < 0 || off + len > m->r_used) return bad(m, "route bounds", s, off);
        for (int32_t k = 0; k < len; k++) {
            int32_t l = m->r_link[off + k], pos = m->r_pos[off + k];
            if (l < 0 || l >= m->nlinks || pos < 0 || pos >= m->l_count[l])
                return bad(m, "route entry out of range", s, k);
            if (m->l_flows[l][pos] != s || m->l_route_k[l][pos] != k)
                return bad(m, "route and link list disagree", s, l);
        }
        entries += len;
        int32_t h = m->f_heap_pos[s];
        if (h < 0 || h >= m->heap_n || m->heap[h] != s) return bad(m, "heap position", s, h);
        if (h > 0 && m->f_done[m->heap[(h - 1) / 2]] > m->f_done[s]) return bad(m, "heap order", s, h);
    }
    for (int32_t l = 0; l < m->nlinks; l++) {
        entries -= m->l_count[l];
        int32_t held = 0;
        for (int32_t j = 0; j < m->l_count[l]; j++) held += m->f_bottleneck[m->l_flows[l][j]] == l;
        if (held != m->l_held[l]) return bad(m, "count of flows recording the link as bottleneck", l, held);
    }
    if (entries != 0) return bad(m, "link lists hold extra entries", entries, 0);
    if (m->heap_n != m->nlive) return bad(m, "heap size", m->heap_n, m->nlive);
    int32_t free_count = 0;
    for (int32_t s = m->free_head; s >= 0; s = m->f_next_free[s]) {
        if (s >= m->nslots || m->f_live[s] || ++free_count > m->nslots) return bad(m, "free list", s, 0);
    }
    if (free_count + m->nlive != m->nslots) return bad(m, "slot count", free_count, m->nlive);
    return CFLOW_OK;
}

static int check_flow_numbers(cflow_model *m) {
    for (int32_t s = 0; s < m->nslots; s++) {
        if (!m->f_live[s]) continue;
        double rate = m->f_rate[s], left = m->f_remaining_at[s];
        if (!(rate >= 0) || !isfinite(rate)) return bad(m, "rate not finite and >= 0", s, 0);
        if (!(left >= 0) || left > m->f_bytes[s]) return bad(m, "bytes not conserved", s, 0);
        if (m->f_t_update[s] > m->clock) return bad(m, "update after the clock", s, 0);
        if (m->f_done[s] != cflow__completion(m, s)) return bad(m, "stale completion time", s, 0);
    }
    return CFLOW_OK;
}

/* I5: each flow's recorded bottleneck limits it (l_rem and l_wsum hold each link's load
 * and largest rate/weight, as check_rates computes them). */
static int check_recorded_bottlenecks(cflow_model *m) {
    for (int32_t s = 0; s < m->nslots; s++) {
        if (!m->f_live[s]) continue;
        int32_t b = m->f_bottleneck[s];
        double rate = m->f_rate[s];
        if (b == CFLOW__CAPPED) {
            if (rate < m->f_cap[s] * (1 - TOL)) return bad(m, "flow recorded as capped is below its cap (I5)", s, 0);
            continue;
        }
        int on_route = 0;
        int32_t off = m->f_route_off[s];
        for (int32_t k = 0; k < m->f_route_len[s]; k++) on_route |= b >= 0 && m->r_link[off + k] == b;
        if (!on_route) return bad(m, "recorded bottleneck is not on the route (I5)", s, b);
        if (m->l_rem[b] < m->l_capacity[b] * (1 - TOL) || rate / m->f_weight[s] < m->l_wsum[b] * (1 - TOL))
            return bad(m, "recorded bottleneck does not limit the flow (I5)", s, b);
    }
    return CFLOW_OK;
}

/* I1 and I2: only meaningful once every change has been solved. */
static int check_rates(cflow_model *m) {
    for (int32_t l = 0; l < m->nlinks; l++) {
        double load = 0, top = 0;
        for (int32_t j = 0; j < m->l_count[l]; j++) {
            int32_t f = m->l_flows[l][j];
            load += m->f_rate[f];
            double normalised = m->f_rate[f] / m->f_weight[f];
            if (normalised > top) top = normalised;
        }
        if (load > m->l_capacity[l] * (1 + TOL)) return bad(m, "link over capacity (I1)", l, 0);
        m->l_rem[l] = load;
        m->l_wsum[l] = top;
    }
    for (int32_t s = 0; s < m->nslots; s++) {
        if (!m->f_live[s]) continue;
        double rate = m->f_rate[s];
        if (rate >= m->f_cap[s] * (1 - TOL)) {
            if (rate > m->f_cap[s] * (1 + TOL)) return bad(m, "flow over its cap", s, 0);
            continue;
        }
        int limited = 0;
        int32_t off = m->f_route_off[s];
        for (int32_t k = 0; k < m->f_route_len[s] && !limited; k++) {
            int32_t l = m->r_link[off + k];
            int saturated = m->l_rem[l] >= m->l_capacity[l] * (1 - TOL);
            limited = saturated && rate / m->f_weight[s] >= m->l_wsum[l] * (1 - TOL);
        }
        if (!limited) return bad(m, "flow has no bottleneck (I2)", s, 0);
    }
    return check_recorded_bottlenecks(m);
}

int cflow_check_invariants(cflow_model *m) {
    int status = check_structure(m);
    if (!status) status = check_flow_numbers(m);
    if (!status && m->ndirty == 0) status = check_rates(m);
    return status;
}
