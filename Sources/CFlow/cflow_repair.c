/* Local repair: re-solves only the flows a change can move (cflow.h, INCREMENTAL
 * SOLVING, "Local repair").
 *
 * The repair set S starts with the flows not yet solved on their route (new or
 * re-routed); L with the dirty links and the links S crosses, and it grows with S.
 * Each round:
 *   1. every flow on L outside S (the background) keeps its rate; each link of L offers
 *      S the capacity the background leaves (kept up to date as flows join);
 *   2. fill S by progressive filling (cflow_fill.c);
 *   3. measure each link of L (load, largest rate/weight) with S's new rates;
 *   4. check every flow on L against the bottleneck condition (I2): a background flow
 *      that lost its bottleneck, or crosses a link now over capacity, joins S; an S flow
 *      that is not the largest on its saturated link brings in the background flows
 *      above it there.
 * When a round adds nothing, every flow on L has a bottleneck, and flows off L kept
 * theirs (their links carry the same rates as before), so the rates are the unique
 * weighted max-min allocation: the round is committed. A repair that grows past a work
 * budget gives up before committing anything, and the caller re-solves the dirty
 * components whole. */
#include "cflow_internal.h"

/* Relative slack for "saturated" and "largest": far below the 1e-9 the invariants
 * allow, above the rounding of sums over a link's flows. A comparison that fails only
 * by rounding makes the repair larger, never wrong. */
#define REPAIR_TOL 1e-12

static int limits(double load, double capacity, double top, double level) {
    return load >= capacity * (1 - REPAIR_TOL) && level >= top * (1 - REPAIR_TOL);
}

/* Moves flow g into S. The links of L it crosses get its rate back for S to share. */
static void join(cflow_model *m, uint32_t stamp, int32_t g, int32_t *nf) {
    m->f_mark[g] = stamp;
    m->f_fixed[g] = CFLOW__JOINED;
    m->comp_flows[(*nf)++] = g;
    int32_t off = m->f_route_off[g];
    for (int32_t k = 0; k < m->f_route_len[g]; k++) {
        int32_t l = m->r_link[off + k];
        if (m->l_mark[l] != stamp) continue;
        /* Once S holds all of a link, its share is exactly the capacity (no rounding
         * left over from taking rates off and adding them back). */
        m->l_base[l] = --m->l_background[l] == 0 ? m->l_capacity[l] : m->l_base[l] + m->f_rate[g];
    }
}

/* Adds link l to L: it offers S the capacity its background leaves (l_base), and its
 * background is fixed at its rates. Returns the number of flow entries scanned. */
static int64_t add_link(cflow_model *m, uint32_t stamp, int32_t l, int32_t *nl) {
    m->l_mark[l] = stamp;
    m->comp_links[(*nl)++] = l;
    double used = 0;
    int32_t background = 0;
    for (int32_t j = 0; j < m->l_count[l]; j++) {
        int32_t g = m->l_flows[l][j];
        if (m->f_mark[g] == stamp) continue;
        used += m->f_rate[g];
        background++;
        m->f_fixed[g] = 1;
        m->f_new_rate[g] = m->f_rate[g];
    }
    m->l_background[l] = background;
    m->l_base[l] = background ? m->l_capacity[l] - used : m->l_capacity[l];
    return m->l_count[l];
}

/* Adds the links of comp_flows[from, nf) to L. Returns the flow entries scanned. */
static int64_t add_links(cflow_model *m, uint32_t stamp, int32_t from, int32_t nf, int32_t *nl) {
    int64_t scanned = 0;
    for (int32_t i = from; i < nf; i++) {
        int32_t f = m->comp_flows[i], off = m->f_route_off[f];
        for (int32_t k = 0; k < m->f_route_len[f]; k++) {
            int32_t l = m->r_link[off + k];
            if (m->l_mark[l] != stamp) scanned += add_link(m, stamp, l, nl);
        }
    }
    return scanned;
}

static void measure(cflow_model *m, int32_t nl) {
    for (int32_t i = 0; i < nl; i++) {
        int32_t l = m->comp_links[i];
        double load = 0, top = 0;
        for (int32_t j = 0; j < m->l_count[l]; j++) {
            int32_t g = m->l_flows[l][j];
            double rate = m->f_new_rate[g], level = rate / m->f_weight[g];
            load += rate;
            if (level > top) top = level;
        }
        m->l_load[l] = load;
        m->l_top[l] = top;
    }
}

/* Whether a link off L (whose flows all keep their rates) bottlenecks a flow at `level`. */
static int limits_off_repair(const cflow_model *m, int32_t l, double level) {
    double load = 0, top = 0;
    for (int32_t j = 0; j < m->l_count[l]; j++) {
        int32_t g = m->l_flows[l][j];
        double normalised = m->f_rate[g] / m->f_weight[g];
        load += m->f_rate[g];
        if (normalised > top) top = normalised;
    }
    return limits(load, m->l_capacity[l], top, level);
}

/* Whether background flow g still has a bottleneck; moves f_bottleneck to another of
 * its links if the recorded one no longer limits it. */
static int background_limited(cflow_model *m, uint32_t stamp, int32_t g) {
    int32_t b = m->f_bottleneck[g];
    if (b == CFLOW__CAPPED || (b >= 0 && m->l_mark[b] != stamp)) return 1;
    double level = m->f_rate[g] / m->f_weight[g];
    if (b >= 0 && limits(m->l_load[b], m->l_capacity[b], m->l_top[b], level)) return 1;
    int32_t off = m->f_route_off[g];
    for (int32_t k = 0; k < m->f_route_len[g]; k++) {
        int32_t l = m->r_link[off + k];
        if (l == b) continue;
        int ok = m->l_mark[l] == stamp ? limits(m->l_load[l], m->l_capacity[l], m->l_top[l], level)
                                       : limits_off_repair(m, l, level);
        if (ok) {
            m->f_bottleneck[g] = l;
            return 1;
        }
    }
    return 0;
}

/* Step 4: appends the flows that must join S. Sets *stuck when an S flow lacks a
 * bottleneck, or a link is over capacity, yet nothing joins for it (rounding the fill
 * and the check disagree on): the caller then gives up. */
static int32_t check(cflow_model *m, uint32_t stamp, int32_t nl, int32_t nf, int *stuck) {
    int32_t filled = nf;
    for (int32_t i = 0; i < nl; i++) {
        int32_t l = m->comp_links[i];
        /* Over capacity (a capacity cut, with the background at its old rates): all of
         * the background there must be re-solved. */
        int over = m->l_load[l] > m->l_capacity[l] * (1 + REPAIR_TOL);
        if (over && m->l_background[l] == 0) *stuck = 1;
        for (int32_t j = 0; j < m->l_count[l]; j++) {
            int32_t g = m->l_flows[l][j];
            if (m->f_mark[g] != stamp && (over || !background_limited(m, stamp, g))) join(m, stamp, g, &nf);
        }
    }
    for (int32_t i = 0; i < filled; i++) {
        int32_t f = m->comp_flows[i], b = m->f_fill_link[f];
        if (b == CFLOW__CAPPED) continue;
        double level = m->f_new_rate[f] / m->f_weight[f];
        if (limits(m->l_load[b], m->l_capacity[b], m->l_top[b], level)) continue;
        int above = 0;
        for (int32_t k = 0; k < m->l_count[b]; k++) {
            int32_t h = m->l_flows[b][k];
            int background = m->f_mark[h] != stamp;
            if (!background && m->f_fixed[h] != CFLOW__JOINED) continue;
            if (m->f_new_rate[h] / m->f_weight[h] <= level) continue;
            above = 1;
            if (background) join(m, stamp, h, &nf);
        }
        if (!above) *stuck = 1;
    }
    return nf;
}

int cflow__repair(cflow_model *m, int64_t now_ns) {
    uint32_t stamp = cflow__next_stamp(m);
    int32_t nl = 0, nf = 0;
    /* S starts with the flows not solved on their current route (new or re-routed);
     * L with the dirty links and theirs. The rest is background until a check says. */
    for (int32_t i = 0; i < m->ndirty; i++) {
        int32_t l = m->dirty[i];
        for (int32_t j = 0; j < m->l_count[l]; j++) {
            int32_t f = m->l_flows[l][j];
            if (m->f_mark[f] != stamp && m->f_bottleneck[f] == CFLOW__UNSOLVED) join(m, stamp, f, &nf);
        }
    }
    int64_t work = 0;
    for (int32_t i = 0; i < m->ndirty; i++)
        if (m->l_mark[m->dirty[i]] != stamp) work += add_link(m, stamp, m->dirty[i], &nl);
    work += add_links(m, stamp, 0, nf, &nl);
    /* Beyond many whole re-solves' worth of work, a repair stops paying off. */
    int64_t budget = 64 * (int64_t)m->nlive + 256;
    for (;;) {
        work += nf;
        if (work > budget) {
            m->stats.repair_fallbacks++;
            return 0;
        }
        for (int32_t i = 0; i < nl; i++) {
            double base = m->l_base[m->comp_links[i]];
            m->l_rem[m->comp_links[i]] = base > 0 ? base : 0;
        }
        if (nf > 0) cflow__fill(m, nl, nf);
        measure(m, nl);
        int stuck = 0;
        int32_t before = nf;
        nf = check(m, stamp, nl, nf, &stuck);
        if (stuck) {
            m->stats.repair_fallbacks++;
            return 0;
        }
        if (nf == before) break;
        work += add_links(m, stamp, before, nf, &nl);
        m->stats.repair_rounds++;
    }
    cflow__settle(m, nf, now_ns);
    m->stats.flows_resolved += (uint64_t)nf;
    m->stats.local_repairs++;
    return 1;
}
