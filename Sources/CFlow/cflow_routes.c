/* The route pool: every flow's route is a contiguous run of (link, position) entries
 * in two shared arrays. New routes are appended; a removed or replaced route becomes
 * garbage, and the pool is compacted (live routes copied in slot order into fresh
 * arrays) when garbage exceeds half of it, so its size stays within 2x the live
 * entries plus one growth step. */
#include "cflow_internal.h"
#include <stdlib.h>

static int compact(cflow_model *m, int32_t alloc) {
    int32_t *links = malloc(sizeof(int32_t) * (size_t)alloc);
    int32_t *pos = malloc(sizeof(int32_t) * (size_t)alloc);
    if (!links || !pos || (alloc > m->r_alloc && cflow__grow((void **)&m->pending, sizeof(cflow_pending), alloc))) {
        free(links);
        free(pos);
        return -1;
    }
    int32_t used = 0;
    for (int32_t s = 0; s < m->nslots; s++) {
        if (!m->f_live[s]) continue;
        int32_t off = m->f_route_off[s], len = m->f_route_len[s];
        for (int32_t k = 0; k < len; k++) {
            links[used + k] = m->r_link[off + k];
            pos[used + k] = m->r_pos[off + k];
        }
        m->f_route_off[s] = used;
        used += len;
    }
    free(m->r_link);
    free(m->r_pos);
    m->r_link = links;
    m->r_pos = pos;
    m->r_used = used;
    m->r_alloc = alloc;
    m->r_garbage = 0;
    return 0;
}

/* Reserves `length` entries; stores their offset. Compacts or grows as needed. */
int cflow__route_alloc(cflow_model *m, int32_t length, int32_t *out_offset) {
    if (length > INT32_MAX / 4 - m->r_used)
        return cflow__fail(m, CFLOW_ENOMEM, "route pool full");
    if (m->r_used + length > m->r_alloc) {
        int32_t live = m->r_used - m->r_garbage;
        int32_t alloc = m->r_alloc;
        if (m->r_garbage <= m->r_used / 2 || live + length > alloc) {
            alloc = alloc ? alloc * 2 : 64;
            while (alloc < live + length) alloc *= 2;
        }
        if (compact(m, alloc)) return cflow__fail(m, CFLOW_ENOMEM, "out of memory growing routes");
    }
    *out_offset = m->r_used;
    m->r_used += length;
    return CFLOW_OK;
}
