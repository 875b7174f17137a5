/* Flows: validation, add, remove, re-route, and per-flow queries. Slots are recycled
 * through a free list; a slot's generation changes on every release, so stale ids are
 * rejected. */
#include "cflow_internal.h"
#include <math.h>

static int grow_slots(cflow_model *m) {
    int32_t n = m->slots_alloc ? m->slots_alloc * 2 : 64;
    if (cflow__grow((void **)&m->f_gen, sizeof(uint32_t), n) ||
        cflow__grow((void **)&m->f_live, sizeof(uint8_t), n) ||
        cflow__grow((void **)&m->f_next_free, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->f_route_off, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->f_route_len, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->f_bytes, sizeof(double), n) ||
        cflow__grow((void **)&m->f_remaining_at, sizeof(double), n) ||
        cflow__grow((void **)&m->f_rate, sizeof(double), n) ||
        cflow__grow((void **)&m->f_cap, sizeof(double), n) ||
        cflow__grow((void **)&m->f_weight, sizeof(double), n) ||
        cflow__grow((void **)&m->f_t_update, sizeof(int64_t), n) ||
        cflow__grow((void **)&m->f_done, sizeof(int64_t), n) ||
        cflow__grow((void **)&m->f_heap_pos, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->f_mark, sizeof(uint32_t), n) ||
        cflow__grow((void **)&m->f_bottleneck, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->f_fill_link, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->f_fixed, sizeof(uint8_t), n) ||
        cflow__grow((void **)&m->f_new_rate, sizeof(double), n) ||
        cflow__grow((void **)&m->repair_flows, sizeof(cflow_repair_flow), n) ||
        cflow__grow((void **)&m->heap, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->comp_flows, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->cap_heap, sizeof(int32_t), n))
        return -1;
    m->slots_alloc = n;
    return 0;
}

/* Checks a route: non-empty, known links, no link twice (found with a visit stamp). */
static int check_route(cflow_model *m, const int32_t *route, int32_t length) {
    if (length <= 0 || !route) return cflow__fail(m, CFLOW_EEMPTY_ROUTE, "route is empty");
    uint32_t stamp = cflow__next_stamp(m);
    for (int32_t k = 0; k < length; k++) {
        int32_t l = route[k];
        if (l < 0 || l >= m->nlinks)
            return cflow__fail(m, CFLOW_EUNKNOWN_LINK, "unknown link %d at route position %d", l, k);
        if (m->l_mark[l] == stamp)
            return cflow__fail(m, CFLOW_EINVAL, "link %d appears twice in the route", l);
        m->l_mark[l] = stamp;
    }
    return CFLOW_OK;
}

int cflow_validate_flow(cflow_model *m, const int32_t *route, int32_t length, double bytes,
                        double rate_cap, double weight) {
    int status = check_route(m, route, length);
    if (status) return status;
    if (!(bytes >= 0) || !isfinite(bytes))
        return cflow__fail(m, CFLOW_EINVAL, "flow bytes must be finite and >= 0, got %g", bytes);
    if (isnan(rate_cap))
        return cflow__fail(m, CFLOW_EINVAL, "flow rate cap is NaN");
    if (!(weight > 0) || !isfinite(weight))
        return cflow__fail(m, CFLOW_EINVAL, "flow weight must be finite and > 0, got %g", weight);
    return CFLOW_OK;
}

static void store_route(cflow_model *m, int32_t slot, const int32_t *route, int32_t length,
                        int32_t offset) {
    for (int32_t k = 0; k < length; k++) m->r_link[offset + k] = route[k];
    m->f_route_off[slot] = offset;
    m->f_route_len[slot] = length;
}

int cflow_add_flow(cflow_model *m, const int32_t *route, int32_t length, double bytes,
                   double rate_cap, double weight, int64_t now_ns, int64_t *out_flow) {
    int status = cflow_validate_flow(m, route, length, bytes, rate_cap, weight);
    if (status) return status;
    if (now_ns < m->clock) return cflow__advance_clock(m, now_ns);
    if (m->free_head < 0 && m->nslots == m->slots_alloc &&
        (m->nslots == INT32_MAX / 2 || grow_slots(m)))
        return cflow__fail(m, CFLOW_ENOMEM, "out of memory adding a flow");
    int32_t offset;
    if ((status = cflow__reserve_links(m, route, length))) return status;
    if ((status = cflow__route_alloc(m, length, &offset))) return status;
    cflow__advance_clock(m, now_ns);

    int32_t slot;
    if (m->free_head >= 0) {
        slot = m->free_head;
        m->free_head = m->f_next_free[slot];
    } else {
        slot = m->nslots++;
        m->f_gen[slot] = 0;
        m->repair_flows[slot].touched = 0;
    }
    m->f_live[slot] = 1;
    m->f_mark[slot] = 0;
    m->f_bytes[slot] = bytes;
    m->f_remaining_at[slot] = bytes;
    m->f_rate[slot] = 0;
    m->f_cap[slot] = rate_cap > 0 ? rate_cap : INFINITY;
    m->f_weight[slot] = weight;
    m->f_t_update[slot] = now_ns;
    m->f_bottleneck[slot] = CFLOW__UNSOLVED; /* a free slot records none */
    m->f_fixed[slot] = 0;
    store_route(m, slot, route, length, offset);
    cflow__attach(m, slot);
    m->f_done[slot] = cflow__completion(m, slot);
    m->nlive++;
    cflow__heap_insert(m, slot);
    *out_flow = cflow__id(m, slot);
    return CFLOW_OK;
}

/* Detaches and releases a live slot: its links become dirty, its id stale. */
void cflow__free_flow(cflow_model *m, int32_t slot) {
    cflow__record_bottleneck(m, slot, CFLOW__UNSOLVED);
    cflow__heap_remove(m, slot);
    cflow__detach(m, slot);
    m->r_garbage += m->f_route_len[slot];
    m->f_live[slot] = 0;
    m->f_gen[slot] = (m->f_gen[slot] + 1) & 0x7fffffff;
    m->f_next_free[slot] = m->free_head;
    m->free_head = slot;
    m->nlive--;
}

static int find(cflow_model *m, int64_t flow) {
    int slot = cflow__slot(m, flow);
    if (slot < 0) cflow__fail(m, CFLOW_EUNKNOWN_FLOW, "unknown flow %lld", (long long)flow);
    return slot;
}

int cflow_remove_flow(cflow_model *m, int64_t flow) {
    int slot = find(m, flow);
    if (slot < 0) return CFLOW_EUNKNOWN_FLOW;
    cflow__free_flow(m, slot);
    return CFLOW_OK;
}

int cflow_reroute_flow(cflow_model *m, int64_t flow, const int32_t *route, int32_t length) {
    int slot = find(m, flow);
    if (slot < 0) return CFLOW_EUNKNOWN_FLOW;
    int status = check_route(m, route, length);
    if (status) return status;
    int32_t offset;
    if ((status = cflow__reserve_links(m, route, length))) return status;
    /* Allocate first (compaction may move the old route), then swap routes. */
    if ((status = cflow__route_alloc(m, length, &offset))) return status;
    cflow__detach(m, slot);
    m->r_garbage += m->f_route_len[slot];
    store_route(m, slot, route, length, offset);
    cflow__attach(m, slot);
    cflow__record_bottleneck(m, slot, CFLOW__UNSOLVED);
    return CFLOW_OK;
}

int32_t cflow_flow_count(const cflow_model *m) { return m->nlive; }

int cflow_flow_rate(const cflow_model *m, int64_t flow, double *out) {
    int slot = cflow__slot(m, flow);
    if (slot < 0) return CFLOW_EUNKNOWN_FLOW;
    *out = m->f_rate[slot];
    return CFLOW_OK;
}

int cflow_flow_remaining(cflow_model *m, int64_t flow, int64_t now_ns, double *out) {
    int slot = find(m, flow);
    if (slot < 0) return CFLOW_EUNKNOWN_FLOW;
    if (now_ns < m->f_t_update[slot])
        return cflow__fail(m, CFLOW_ETIME, "time %lld ns is before flow %lld's last update",
                           (long long)now_ns, (long long)flow);
    *out = cflow__remaining(m, slot, now_ns);
    return CFLOW_OK;
}
