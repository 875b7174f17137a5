#ifndef FLOWSET_H
#define FLOWSET_H
/* The flow sets of the CFlow-versus-SimGrid benchmark, generated identically by both
 * drivers (cflow_driver.c, simgrid_driver.cpp) from a topology name, a flow count and
 * a seed, so both simulators see the same links, the same routes and the same arrivals.
 *
 * TOPOLOGIES (every link 12.5e9 bytes/s = 100 Gb/s, latency 0, one link per direction)
 *   star:    256 hosts around one switch. Link h is host h's uplink, 256 + h its
 *            downlink. A route is [up(src), down(dst)].
 *   fattree: 1,024 hosts, a non-blocking two-tier fat tree: 32 leaves of 32 hosts and
 *            32 spines, one link per leaf-spine pair and direction. Links: host uplinks
 *            0..1023, host downlinks 1024..2047, leaf->spine 2048 + leaf x 32 + spine,
 *            spine->leaf 3072 + spine x 32 + leaf. Hosts on one leaf talk through it
 *            ([up, down]); others through one spine picked by a hash of the (source,
 *            destination) pair ([up, leaf->spine, spine->leaf, down]), as ECMP would;
 *            one route per pair, as SimGrid's routing tables hold.
 *
 * FLOWS (splitmix64 from the seed)
 *   Flow i goes from a uniform random host to a different uniform random host, carries
 *   a whole number of bytes uniform in [10 GB, 1 TB], and arrives at a strictly
 *   increasing integer time in ns: Poisson arrivals at a rate that offers LOAD x the
 *   hosts' total uplink capacity (plus 1 ns, so no two arrivals coincide). LOAD 0.6 is
 *   the highest of 0.6 / 0.7 / 0.8 at which the star's live flows stop growing. Sizes
 *   are large enough that CFlow's whole-ns clock (each completion rounded up to the
 *   next ns, a ~1 ns shift per event) stays below 1e-9 of the completion times. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FLOWSET_CAPACITY 12.5e9
#define FLOWSET_MIN_BYTES 10000000000ull
#define FLOWSET_MAX_BYTES 1000000000000ull
#ifndef FLOWSET_LOAD
#define FLOWSET_LOAD 0.6
#endif
#define FLOWSET_MAX_ROUTE 4

typedef struct flowset_topology {
    int hosts, links, leaves, spines, hosts_per_leaf; /* leaves == 0: star */
} flowset_topology;

typedef struct flowset_flow {
    int64_t arrival_ns;
    uint64_t bytes;
    int32_t src, dst, route_length;
    int32_t route[FLOWSET_MAX_ROUTE];
} flowset_flow;

static inline uint64_t flowset_next(uint64_t *state) { /* splitmix64 */
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline double flowset_unit(uint64_t *state) { /* in (0, 1] */
    return ((double)(flowset_next(state) >> 11) + 1.0) / 9007199254740992.0;
}

/* Fills *out for "star" or "fattree"; returns 0, or -1 for an unknown name. */
static inline int flowset_topology_named(const char *name, flowset_topology *out) {
    memset(out, 0, sizeof *out);
    if (strcmp(name, "star") == 0) {
        out->hosts = 256;
        out->links = 512;
        return 0;
    }
    if (strcmp(name, "fattree") == 0) {
        out->hosts = 1024;
        out->leaves = 32;
        out->spines = 32;
        out->hosts_per_leaf = 32;
        out->links = 2 * 1024 + 2 * 32 * 32;
        return 0;
    }
    return -1;
}

static inline void flowset_route(const flowset_topology *t, flowset_flow *f, uint64_t hash) {
    int32_t up = f->src, down = t->hosts + f->dst;
    if (t->leaves == 0 || f->src / t->hosts_per_leaf == f->dst / t->hosts_per_leaf) {
        f->route[0] = up;
        f->route[1] = down;
        f->route_length = 2;
        return;
    }
    int32_t a = f->src / t->hosts_per_leaf, b = f->dst / t->hosts_per_leaf;
    int32_t s = (int32_t)(hash % (uint64_t)t->spines);
    f->route[0] = up;
    f->route[1] = 2 * t->hosts + a * t->spines + s;
    f->route[2] = 2 * t->hosts + t->leaves * t->spines + s * t->leaves + b;
    f->route[3] = down;
    f->route_length = 4;
}

/* A malloc'ed array of n flows in arrival order (NULL if out of memory). */
static inline flowset_flow *flowset_generate(const flowset_topology *t, int n, uint64_t seed) {
    flowset_flow *flows = (flowset_flow *)calloc((size_t)n, sizeof *flows);
    if (!flows) return NULL;
    uint64_t state = seed;
    double mean_bytes = 0.5 * ((double)FLOWSET_MIN_BYTES + (double)FLOWSET_MAX_BYTES);
    double mean_gap_ns = mean_bytes / (FLOWSET_LOAD * t->hosts * FLOWSET_CAPACITY) * 1e9;
    int64_t now = 0;
    for (int i = 0; i < n; i++) {
        flowset_flow *f = &flows[i];
        now += 1 + (int64_t)(-log(flowset_unit(&state)) * mean_gap_ns);
        f->arrival_ns = now;
        f->src = (int32_t)(flowset_next(&state) % (uint64_t)t->hosts);
        f->dst = (int32_t)(flowset_next(&state) % (uint64_t)(t->hosts - 1));
        if (f->dst >= f->src) f->dst++;
        f->bytes = FLOWSET_MIN_BYTES + flowset_next(&state) % (FLOWSET_MAX_BYTES - FLOWSET_MIN_BYTES + 1);
        uint64_t pair = ((uint64_t)f->src << 32 | (uint64_t)f->dst) ^ seed;
        flowset_route(t, f, flowset_next(&pair));
    }
    return flows;
}

#endif
