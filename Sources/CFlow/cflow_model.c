/* Model lifetime, errors, statistics, array growth and flow ids. */
#include "cflow_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

cflow_model *cflow_create(void) {
    cflow_model *m = calloc(1, sizeof *m);
    if (m) {
        m->free_head = -1;
        m->local_repair = 1;
    }
    return m;
}

void cflow_destroy(cflow_model *m) {
    if (!m) return;
    for (int32_t l = 0; l < m->nlinks; l++) {
        free(m->l_flows[l]);
        free(m->l_route_k[l]);
    }
    void *arrays[] = {
        m->l_capacity, m->l_latency, m->l_flows, m->l_route_k, m->l_count, m->l_alloc, m->l_held,
        m->l_dirty, m->l_mark, m->l_rem, m->l_wsum, m->l_unfixed, m->l_share, m->l_hkey,
        m->repair_links, m->dirty,
        m->f_gen, m->f_live, m->f_next_free, m->f_route_off, m->f_route_len, m->f_bytes,
        m->f_remaining_at, m->f_rate, m->f_cap, m->f_weight, m->f_t_update, m->f_done,
        m->f_heap_pos, m->f_mark, m->f_bottleneck, m->f_fixed, m->f_new_rate, m->repair_flows, m->f_fill_link, m->r_link, m->r_pos, m->pending, m->heap,
        m->comp_links, m->comp_flows, m->share_heap, m->cap_heap,
    };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) free(arrays[i]);
    free(m);
}

const char *cflow_last_error(const cflow_model *m) { return m ? m->error : "null model"; }

cflow_stats cflow_get_stats(const cflow_model *m) { return m->stats; }

void cflow_set_local_repair(cflow_model *m, int enabled) { m->local_repair = enabled != 0; }

int64_t cflow_clock(const cflow_model *m) { return m->clock; }

int cflow__fail(cflow_model *m, int status, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    vsnprintf(m->error, sizeof m->error, fmt, args);
    va_end(args);
    return status;
}

/* Reallocates *array to hold `count` elements; on failure *array is untouched. */
int cflow__grow(void **array, size_t element, int32_t count) {
    void *grown = realloc(*array, element * (size_t)count);
    if (!grown) return -1;
    *array = grown;
    return 0;
}

/* The slot of a live flow id, or -1. */
int cflow__slot(const cflow_model *m, int64_t flow) {
    if (flow < 0) return -1;
    int64_t slot = flow & 0xffffffff;
    uint32_t generation = (uint32_t)(flow >> 32);
    if (slot >= m->nslots || !m->f_live[slot] || m->f_gen[slot] != generation) return -1;
    return (int32_t)slot;
}

int64_t cflow__id(const cflow_model *m, int32_t slot) {
    return ((int64_t)m->f_gen[slot] << 32) | (int64_t)slot;
}

/* Moves the clock to now_ns, refusing to go back. */
int cflow__advance_clock(cflow_model *m, int64_t now_ns) {
    if (now_ns < m->clock)
        return cflow__fail(m, CFLOW_ETIME, "time %lld ns is before the model's clock %lld ns",
                           (long long)now_ns, (long long)m->clock);
    m->clock = now_ns;
    return CFLOW_OK;
}

/* A fresh visit stamp; on wrap-around every mark is cleared so no stale mark matches. */
uint32_t cflow__next_stamp(cflow_model *m) {
    if (++m->stamp == 0) {
        for (int32_t l = 0; l < m->nlinks; l++) {
            m->l_mark[l] = 0;
            m->repair_links[l].active = m->repair_links[l].measured = 0;
        }
        for (int32_t s = 0; s < m->nslots; s++) m->f_mark[s] = m->repair_flows[s].touched = 0;
        m->stamp = 1;
    }
    return m->stamp;
}
