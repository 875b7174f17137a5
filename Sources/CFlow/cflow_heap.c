/* Completion times: lazy remaining bytes, the completion time of one flow, and an
 * indexed min-heap of live flows by completion time (f_heap_pos[slot] is the flow's
 * index in the heap), giving cflow_next_completion in O(1). */
#include "cflow_internal.h"
#include <math.h>

double cflow__epsilon(const cflow_model *m, int32_t slot) {
    return CFLOW_EPS_BYTES + CFLOW_EPS_RELATIVE * m->f_bytes[slot];
}

double cflow__remaining(const cflow_model *m, int32_t slot, int64_t now_ns) {
    double elapsed = (double)(now_ns - m->f_t_update[slot]) * 1e-9;
    double left = m->f_remaining_at[slot] - m->f_rate[slot] * elapsed;
    return left > 0 ? left : 0;
}

int64_t cflow__completion(const cflow_model *m, int32_t slot) {
    int64_t start = m->f_t_update[slot];
    double left = m->f_remaining_at[slot];
    if (left <= cflow__epsilon(m, slot)) return start;
    double rate = m->f_rate[slot];
    if (!(rate > 0)) return INT64_MAX;
    double ns = ceil(left / rate * 1e9);
    if (!(ns < 9.2e18)) return INT64_MAX;
    int64_t delay = (int64_t)ns;
    return delay > INT64_MAX - start ? INT64_MAX : start + delay;
}

static void place(cflow_model *m, int32_t index, int32_t slot) {
    m->heap[index] = slot;
    m->f_heap_pos[slot] = index;
}

static void sift_up(cflow_model *m, int32_t index) {
    int32_t slot = m->heap[index];
    while (index > 0) {
        int32_t parent = (index - 1) / 2;
        if (m->f_done[m->heap[parent]] <= m->f_done[slot]) break;
        place(m, index, m->heap[parent]);
        index = parent;
    }
    place(m, index, slot);
}

static void sift_down(cflow_model *m, int32_t index) {
    int32_t n = m->heap_n, slot = m->heap[index];
    for (;;) {
        int32_t child = 2 * index + 1;
        if (child >= n) break;
        if (child + 1 < n && m->f_done[m->heap[child + 1]] < m->f_done[m->heap[child]]) child++;
        if (m->f_done[slot] <= m->f_done[m->heap[child]]) break;
        place(m, index, m->heap[child]);
        index = child;
    }
    place(m, index, slot);
}

void cflow__heap_insert(cflow_model *m, int32_t slot) {
    int32_t index = m->heap_n++;
    place(m, index, slot);
    sift_up(m, index);
}

void cflow__heap_remove(cflow_model *m, int32_t slot) {
    int32_t index = m->f_heap_pos[slot], last = --m->heap_n;
    m->f_heap_pos[slot] = -1;
    if (index == last) return;
    int32_t moved = m->heap[last];
    place(m, index, moved);
    sift_down(m, index);
    sift_up(m, m->f_heap_pos[moved]);
}

void cflow__heap_update(cflow_model *m, int32_t slot) {
    int32_t index = m->f_heap_pos[slot];
    sift_up(m, index);
    sift_down(m, m->f_heap_pos[slot]);
}

int64_t cflow_next_completion(const cflow_model *m) {
    return m->heap_n > 0 ? m->f_done[m->heap[0]] : INT64_MAX;
}

int32_t cflow_pop_completed(cflow_model *m, int64_t now_ns, int64_t *out_ids, int32_t capacity) {
    if (cflow__advance_clock(m, now_ns)) return CFLOW_ETIME;
    int32_t count = 0;
    while (count < capacity && m->heap_n > 0 && m->f_done[m->heap[0]] <= now_ns) {
        int32_t slot = m->heap[0];
        out_ids[count++] = cflow__id(m, slot);
        cflow__free_flow(m, slot);
    }
    return count;
}
