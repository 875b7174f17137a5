/* Progressive filling over one collected component (cflow.h, RATES).
 *
 * The most constrained link is found with a min-heap of the component's links keyed by
 * fair share R / W, and the tightest cap with a min-heap of capped flows keyed by
 * cap / weight. Fixing a flow at the current level s <= R / W only raises the shares of
 * its links ((R - w s) / (W - w) >= R / W). The link heap is therefore lazy: a fix
 * only updates the shares, and a link is re-sifted when it reaches the top with a stale
 * key. A component costs O((flows x route length + links) log links), instead of one
 * scan of the component per bottleneck level. A link whose flows are all fixed gets
 * share INFINITY and sinks.
 *
 * The caller collects a whole component (every flow crossing comp_links is in
 * comp_flows) and sets l_rem to the links' capacities. */
#include "cflow_internal.h"
#include <math.h>

/* ---- links by share: a lazy min-heap ordered by l_hkey ----
 * l_hkey is the share a link had when it was last placed; fixing a flow only raises a
 * link's share (l_share), so l_hkey <= l_share and the heap is never re-sifted on a fix.
 * Before the top is used it is refreshed: while its key is stale it sinks with its
 * current share, so the top that remains holds the least current share. */

static void share_sift_down(cflow_model *m, int32_t n, int32_t i) {
    int32_t l = m->share_heap[i];
    double key = m->l_hkey[l];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && m->l_hkey[m->share_heap[c + 1]] < m->l_hkey[m->share_heap[c]]) c++;
        if (m->l_hkey[m->share_heap[c]] >= key) break;
        m->share_heap[i] = m->share_heap[c];
        i = c;
    }
    m->share_heap[i] = l;
}

/* The link with the least current share (its key refreshed); links whose flows are
 * all fixed (share INFINITY) leave the heap as they surface. */
static int32_t share_top(cflow_model *m, int32_t *n) {
    for (;;) {
        int32_t l = m->share_heap[0];
        if (m->l_share[l] == INFINITY && *n > 1) {
            m->share_heap[0] = m->share_heap[--*n];
            share_sift_down(m, *n, 0);
            continue;
        }
        if (m->l_hkey[l] == m->l_share[l]) return l;
        m->l_hkey[l] = m->l_share[l];
        share_sift_down(m, *n, 0);
    }
}

/* ---- capped flows by cap / weight (static keys; fixed flows are skipped lazily) ---- */

static double cap_key(const cflow_model *m, int32_t f) { return m->f_cap[f] / m->f_weight[f]; }

static void cap_sift_down(cflow_model *m, int32_t n, int32_t i) {
    int32_t f = m->cap_heap[i];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && cap_key(m, m->cap_heap[c + 1]) < cap_key(m, m->cap_heap[c])) c++;
        if (cap_key(m, m->cap_heap[c]) >= cap_key(m, f)) break;
        m->cap_heap[i] = m->cap_heap[c];
        i = c;
    }
    m->cap_heap[i] = f;
}

/* ---- filling ---- */

/* Fixes flow f at `rate`, limited by `link` (or CFLOW__CAPPED): takes its rate and
 * weight off every link on its route. */
static void fix(cflow_model *m, int32_t f, double rate, int32_t link) {
    m->f_fixed[f] = 1;
    m->f_new_rate[f] = rate;
    m->f_fill_link[f] = link;
    int32_t off = m->f_route_off[f];
    for (int32_t k = 0; k < m->f_route_len[f]; k++) {
        int32_t l = m->r_link[off + k];
        double rem = m->l_rem[l] - rate;
        m->l_rem[l] = rem > 0 ? rem : 0;
        if (--m->l_unfixed[l] == 0) {
            m->l_wsum[l] = 0;
            m->l_share[l] = INFINITY;
        } else {
            m->l_wsum[l] -= m->f_weight[f];
            double share = m->l_wsum[l] > 0 ? m->l_rem[l] / m->l_wsum[l] : INFINITY;
            /* Rounding may lower a share by an ulp: keep it monotone for the lazy heap. */
            m->l_share[l] = share > m->l_share[l] ? share : m->l_share[l];
        }
    }
}

void cflow__fill(cflow_model *m, int32_t nl, int32_t nf) {
    for (int32_t i = 0; i < nl; i++) {
        int32_t l = m->comp_links[i];
        m->l_wsum[l] = 0;
        m->l_unfixed[l] = 0;
    }
    int32_t ncap = 0;
    for (int32_t i = 0; i < nf; i++) {
        int32_t f = m->comp_flows[i];
        m->f_fixed[f] = 0;
        if (m->f_cap[f] != INFINITY) m->cap_heap[ncap++] = f;
        int32_t off = m->f_route_off[f];
        for (int32_t k = 0; k < m->f_route_len[f]; k++) {
            int32_t l = m->r_link[off + k];
            m->l_wsum[l] += m->f_weight[f];
            m->l_unfixed[l]++;
        }
    }
    /* Only links with a flow to fix enter the heap. */
    int32_t nheap = 0;
    for (int32_t i = 0; i < nl; i++) {
        int32_t l = m->comp_links[i];
        m->l_share[l] = m->l_unfixed[l] ? m->l_rem[l] / m->l_wsum[l] : INFINITY;
        m->l_hkey[l] = m->l_share[l];
        if (m->l_unfixed[l]) m->share_heap[nheap++] = l;
    }
    for (int32_t i = nheap / 2 - 1; i >= 0; i--) share_sift_down(m, nheap, i);
    for (int32_t i = ncap / 2 - 1; i >= 0; i--) cap_sift_down(m, ncap, i);

    for (int32_t unfixed = nf; unfixed > 0;) {
        while (ncap > 0 && m->f_fixed[m->cap_heap[0]]) {
            m->cap_heap[0] = m->cap_heap[--ncap];
            if (ncap > 0) cap_sift_down(m, ncap, 0);
        }
        if (nheap == 0) break; /* unreachable: an unfixed flow keeps a link in the heap */
        int32_t link = share_top(m, &nheap);
        double share = m->l_share[link];
        if (ncap > 0 && cap_key(m, m->cap_heap[0]) < share) {
            int32_t f = m->cap_heap[0];
            fix(m, f, m->f_cap[f], CFLOW__CAPPED);
            unfixed--;
            continue;
        }
        if (share == INFINITY) break; /* unreachable: an unfixed flow keeps its links finite */
        for (int32_t j = 0; j < m->l_count[link]; j++) {
            int32_t f = m->l_flows[link][j];
            if (m->f_fixed[f]) continue;
            fix(m, f, m->f_weight[f] * share, link);
            unfixed--;
        }
    }
}
