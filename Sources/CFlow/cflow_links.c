/* Links: creation, capacity changes, dirty marking, and the per-link flow lists that
 * mirror the routes (route entry k of flow f sits at position r_pos of its link's
 * list, and that list records f and k, so detaching is O(route length)). */
#include "cflow_internal.h"
#include <math.h>
#include <stdlib.h>

static int grow_links(cflow_model *m) {
    int32_t n = m->links_alloc ? m->links_alloc * 2 : 16;
    if (cflow__grow((void **)&m->l_capacity, sizeof(double), n) ||
        cflow__grow((void **)&m->l_latency, sizeof(int64_t), n) ||
        cflow__grow((void **)&m->l_flows, sizeof(int32_t *), n) ||
        cflow__grow((void **)&m->l_route_k, sizeof(int32_t *), n) ||
        cflow__grow((void **)&m->l_count, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->l_alloc, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->l_held, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->l_dirty, sizeof(uint8_t), n) ||
        cflow__grow((void **)&m->l_mark, sizeof(uint32_t), n) ||
        cflow__grow((void **)&m->l_rem, sizeof(double), n) ||
        cflow__grow((void **)&m->l_wsum, sizeof(double), n) ||
        cflow__grow((void **)&m->l_unfixed, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->l_share, sizeof(double), n) ||
        cflow__grow((void **)&m->l_hkey, sizeof(double), n) ||
        cflow__grow((void **)&m->repair_links, sizeof(cflow_repair_link), n) ||
        cflow__grow((void **)&m->share_heap, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->dirty, sizeof(int32_t), n) ||
        cflow__grow((void **)&m->comp_links, sizeof(int32_t), n))
        return -1;
    m->links_alloc = n;
    return 0;
}

static int check_capacity(cflow_model *m, double capacity) {
    if (!(capacity >= 0) || !isfinite(capacity))
        return cflow__fail(m, CFLOW_EINVAL, "link capacity must be finite and >= 0 bytes/s, got %g",
                           capacity);
    return CFLOW_OK;
}

int cflow_add_link(cflow_model *m, double capacity, int64_t latency_ns, int32_t *out_link) {
    if (check_capacity(m, capacity)) return CFLOW_EINVAL;
    if (latency_ns < 0)
        return cflow__fail(m, CFLOW_EINVAL, "link latency must be >= 0 ns, got %lld",
                           (long long)latency_ns);
    if (m->nlinks == INT32_MAX / 2) return cflow__fail(m, CFLOW_ENOMEM, "too many links");
    if (m->nlinks == m->links_alloc && grow_links(m))
        return cflow__fail(m, CFLOW_ENOMEM, "out of memory adding a link");
    int32_t l = m->nlinks++;
    m->l_capacity[l] = capacity;
    m->l_latency[l] = latency_ns;
    m->l_flows[l] = NULL;
    m->l_route_k[l] = NULL;
    m->l_count[l] = 0;
    m->l_alloc[l] = 0;
    m->l_held[l] = 0;
    m->l_dirty[l] = 0;
    m->l_mark[l] = 0;
    m->repair_links[l].active = m->repair_links[l].measured = 0;
    *out_link = l;
    return CFLOW_OK;
}

int32_t cflow_link_count(const cflow_model *m) { return m->nlinks; }

static int check_link(cflow_model *m, int32_t link) {
    if (link < 0 || link >= m->nlinks)
        return cflow__fail(m, CFLOW_EUNKNOWN_LINK, "unknown link %d", link);
    return CFLOW_OK;
}

int cflow_set_link_capacity(cflow_model *m, int32_t link, double capacity) {
    if (check_link(m, link)) return CFLOW_EUNKNOWN_LINK;
    if (check_capacity(m, capacity)) return CFLOW_EINVAL;
    m->l_capacity[link] = capacity;
    cflow__mark_dirty(m, link);
    return CFLOW_OK;
}

int cflow_link_capacity(const cflow_model *m, int32_t link, double *out) {
    if (link < 0 || link >= m->nlinks) return CFLOW_EUNKNOWN_LINK;
    *out = m->l_capacity[link];
    return CFLOW_OK;
}

int cflow_route_latency(cflow_model *m, const int32_t *route, int32_t length, int64_t *out_ns) {
    if (length <= 0 || !route) return cflow__fail(m, CFLOW_EEMPTY_ROUTE, "route is empty");
    int64_t total = 0;
    for (int32_t k = 0; k < length; k++) {
        if (check_link(m, route[k])) return CFLOW_EUNKNOWN_LINK;
        int64_t latency = m->l_latency[route[k]];
        total = latency > INT64_MAX - total ? INT64_MAX : total + latency;
    }
    *out_ns = total;
    return CFLOW_OK;
}

void cflow__mark_dirty(cflow_model *m, int32_t link) {
    if (m->l_dirty[link]) return;
    m->l_dirty[link] = 1;
    m->dirty[m->ndirty++] = link; /* dirty has links_alloc room: each link at most once */
}

/* Makes room for one more flow on each link of a (validated) route. */
int cflow__reserve_links(cflow_model *m, const int32_t *route, int32_t length) {
    for (int32_t k = 0; k < length; k++) {
        int32_t l = route[k];
        if (m->l_count[l] < m->l_alloc[l]) continue;
        if (m->l_alloc[l] > INT32_MAX / 2)
            return cflow__fail(m, CFLOW_ENOMEM, "too many flows on link %d", l);
        int32_t n = m->l_alloc[l] ? m->l_alloc[l] * 2 : 4;
        if (cflow__grow((void **)&m->l_flows[l], sizeof(int32_t), n) ||
            cflow__grow((void **)&m->l_route_k[l], sizeof(int32_t), n))
            return cflow__fail(m, CFLOW_ENOMEM, "out of memory growing link %d's flow list", l);
        m->l_alloc[l] = n;
    }
    return CFLOW_OK;
}

/* Adds a flow (whose route is in the pool and whose links have room) to its links'
 * lists and marks them dirty. */
void cflow__attach(cflow_model *m, int32_t slot) {
    int32_t off = m->f_route_off[slot];
    for (int32_t k = 0; k < m->f_route_len[slot]; k++) {
        int32_t l = m->r_link[off + k];
        int32_t pos = m->l_count[l]++;
        m->l_flows[l][pos] = slot;
        m->l_route_k[l][pos] = k;
        m->r_pos[off + k] = pos;
        cflow__mark_dirty(m, l);
    }
}

/* Removes a flow from its links' lists (swap with the last entry) and marks them dirty. */
void cflow__detach(cflow_model *m, int32_t slot) {
    int32_t off = m->f_route_off[slot];
    for (int32_t k = 0; k < m->f_route_len[slot]; k++) {
        int32_t l = m->r_link[off + k];
        int32_t pos = m->r_pos[off + k];
        int32_t last = --m->l_count[l];
        int32_t moved = m->l_flows[l][last];
        int32_t moved_k = m->l_route_k[l][last];
        m->l_flows[l][pos] = moved;
        m->l_route_k[l][pos] = moved_k;
        m->r_pos[m->f_route_off[moved] + moved_k] = pos;
        cflow__mark_dirty(m, l);
    }
}

/* Sets a flow's recorded bottleneck (a link, CFLOW__CAPPED or CFLOW__UNSOLVED),
 * keeping l_held, the count of flows recording each link, in step. */
void cflow__record_bottleneck(cflow_model *m, int32_t slot, int32_t link) {
    int32_t old = m->f_bottleneck[slot];
    if (old == link) return;
    if (old >= 0) m->l_held[old]--;
    if (link >= 0) m->l_held[link]++;
    m->f_bottleneck[slot] = link;
}
