/* The local repair's two queues, both min-heaps by level (cflow_repair.c):
 *   links: active links that may still saturate, in share_heap, keyed by their
 *          record's `key`, with positions in `queue_pos`. A key is a lower bound of
 *          the level at which the link saturates: freezing a flow at the current level
 *          only raises a link's share, so keys are not raised as that happens; the top
 *          is re-keyed when it is examined (cflow_repair_links.c). A flow rising again
 *          lowers the share, and the key is lowered at once.
 *   flow events: flows in cap_heap, keyed by their record's `event`, each at most once
 *          at a time. */
#include "cflow_repair.h"

static void place_link(repair *r, int32_t index, int32_t link) {
    r->m->share_heap[index] = link;
    r->links[link].queue_pos = index;
}

static void link_sift_up(repair *r, int32_t index) {
    const int32_t *heap = r->m->share_heap;
    int32_t link = heap[index];
    double key = r->links[link].key;
    while (index > 0) {
        int32_t parent = (index - 1) / 2;
        if (r->links[heap[parent]].key <= key) break;
        place_link(r, index, heap[parent]);
        index = parent;
    }
    place_link(r, index, link);
}

static void link_sift_down(repair *r, int32_t index) {
    const int32_t *heap = r->m->share_heap;
    int32_t n = r->nqueued, link = heap[index];
    double key = r->links[link].key;
    for (;;) {
        int32_t child = 2 * index + 1;
        if (child >= n) break;
        double child_key = r->links[heap[child]].key;
        if (child + 1 < n && r->links[heap[child + 1]].key < child_key) child_key = r->links[heap[++child]].key;
        if (child_key >= key) break;
        place_link(r, index, heap[child]);
        index = child;
    }
    place_link(r, index, link);
}

int32_t cflow__repair_link_top(const repair *r) { return r->nqueued > 0 ? r->m->share_heap[0] : -1; }

/* Queues a link at `key`, or lowers its key; a higher key is left for the top to find. */
void cflow__repair_queue_link(repair *r, int32_t link, double key) {
    cflow_repair_link *x = &r->links[link];
    if (x->queue_pos < 0) {
        x->key = key;
        place_link(r, r->nqueued++, link);
        link_sift_up(r, r->nqueued - 1);
    } else if (key < x->key) {
        x->key = key;
        link_sift_up(r, x->queue_pos);
    }
}

void cflow__repair_requeue_top(repair *r, double key) {
    r->links[r->m->share_heap[0]].key = key;
    link_sift_down(r, 0);
}

/* Takes a queued link out of the queue (the top, or any other). */
void cflow__repair_unqueue_link(repair *r, int32_t link) {
    int32_t *heap = r->m->share_heap;
    int32_t index = r->links[link].queue_pos, last = --r->nqueued;
    r->links[link].queue_pos = -1;
    if (index == last) return;
    int32_t moved = heap[last];
    place_link(r, index, moved);
    if (index > 0 && r->links[heap[(index - 1) / 2]].key > r->links[moved].key) link_sift_up(r, index);
    else link_sift_down(r, index);
}

void cflow__repair_pop_link(repair *r) { cflow__repair_unqueue_link(r, r->m->share_heap[0]); }

void cflow__repair_push_event(repair *r, int32_t flow, double key) {
    int32_t *heap = r->m->cap_heap;
    r->flows[flow].event = key;
    int32_t index = r->nevents++;
    while (index > 0) {
        int32_t parent = (index - 1) / 2;
        if (r->flows[heap[parent]].event <= key) break;
        heap[index] = heap[parent];
        index = parent;
    }
    heap[index] = flow;
}

int32_t cflow__repair_pop_event(repair *r) {
    int32_t *heap = r->m->cap_heap;
    int32_t top = heap[0], n = --r->nevents;
    if (n == 0) return top;
    int32_t last = heap[n], index = 0;
    double key = r->flows[last].event;
    for (;;) {
        int32_t child = 2 * index + 1;
        if (child >= n) break;
        double child_key = r->flows[heap[child]].event;
        if (child + 1 < n && r->flows[heap[child + 1]].event < child_key) child_key = r->flows[heap[++child]].event;
        if (child_key >= key) break;
        heap[index] = heap[child];
        index = child;
    }
    heap[index] = last;
    return top;
}
