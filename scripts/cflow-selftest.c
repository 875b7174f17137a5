/* Randomised self-test of CFlow, built by scripts/check-cflow.sh under AddressSanitizer
 * and UndefinedBehaviorSanitizer. Runs random link/flow/capacity changes, solving and
 * popping completions as simulated time advances, and checks the model's invariants
 * after every operation. A twin model with the local repair turned off gets the same
 * changes (the main model's completions become removals there), and after every solve
 * the two must give every flow the same rate within 1e-9 relative: the local repair is
 * cross-checked against whole-component re-solves. Even seeds use a few random links
 * and random routes, odd seeds a small two-tier fat tree. Exits non-zero on the first
 * failure, printing the seed.
 * Usage: cflow-selftest [first-seed] [seed-count] */
#include "cflow.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_FLOWS 512
#define MAX_ROUTE 6

static uint64_t state, completions;
static cflow_stats repair_totals;

static uint64_t next(void) { /* splitmix64 */
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static int below(int n) { return (int)(next() % (uint64_t)n); }
static double unit(void) { return (double)(next() >> 11) / 9007199254740992.0; }

static int fail(uint64_t seed, const char *what, cflow_model *m) {
    fprintf(stderr, "cflow-selftest: seed %llu: %s: %s\n", (unsigned long long)seed, what,
            m ? cflow_last_error(m) : "");
    return 1;
}

/* Odd seeds build a small two-tier fat tree instead of a handful of random links:
 * FT_HOSTS hosts under FT_LEAVES leaves, FT_SPINES spines, one link per direction.
 * Sparse and many-linked, it is where a change touches few links of a large component
 * (the local repair's inactive links and early unqueueing). Links: host up 0..H-1,
 * host down H..2H-1, leaf->spine 2H + leaf x S + spine, spine->leaf after those. */
#define FT_HOSTS 24
#define FT_LEAVES 4
#define FT_SPINES 3
#define FT_LINKS (2 * FT_HOSTS + 2 * FT_LEAVES * FT_SPINES)
static int fat_tree;

static int fat_tree_route(int32_t *route) {
    int src = below(FT_HOSTS), dst = below(FT_HOSTS - 1);
    if (dst >= src) dst++;
    int per_leaf = FT_HOSTS / FT_LEAVES, a = src / per_leaf, b = dst / per_leaf;
    if (a == b) {
        route[0] = src;
        route[1] = FT_HOSTS + dst;
        return 2;
    }
    int spine = below(FT_SPINES);
    route[0] = src;
    route[1] = 2 * FT_HOSTS + a * FT_SPINES + spine;
    route[2] = 2 * FT_HOSTS + FT_LEAVES * FT_SPINES + spine * FT_LEAVES + b;
    route[3] = FT_HOSTS + dst;
    return 4;
}

static int random_route(int nlinks, int32_t *route) {
    if (fat_tree) return fat_tree_route(route);
    int length = 1 + below(nlinks < MAX_ROUTE ? nlinks : MAX_ROUTE);
    int n = 0;
    while (n < length) {
        int32_t l = below(nlinks), dup = 0;
        for (int k = 0; k < n; k++) dup |= route[k] == l;
        if (!dup) route[n++] = l;
    }
    return n;
}

/* Error paths must report errors, never crash. */
static int check_errors(uint64_t seed, cflow_model *m) {
    int32_t route[2] = {0, 0}, bad_link = 1 << 20;
    int64_t id;
    if (cflow_add_flow(m, route, 0, 1, 0, 1, 0, &id) != CFLOW_EEMPTY_ROUTE) return fail(seed, "empty route", m);
    if (cflow_add_flow(m, route, 2, 1, 0, 1, 0, &id) != CFLOW_EINVAL) return fail(seed, "duplicate link", m);
    if (cflow_add_flow(m, route, 1, NAN, 0, 1, 0, &id) != CFLOW_EINVAL) return fail(seed, "NaN bytes", m);
    if (cflow_add_flow(m, route, 1, -1, 0, 1, 0, &id) != CFLOW_EINVAL) return fail(seed, "negative bytes", m);
    if (cflow_add_flow(m, route, 1, 1, 0, 0, 0, &id) != CFLOW_EINVAL) return fail(seed, "zero weight", m);
    if (cflow_add_flow(m, &bad_link, 1, 1, 0, 1, 0, &id) != CFLOW_EUNKNOWN_LINK) return fail(seed, "unknown link", m);
    if (cflow_set_link_capacity(m, 0, -1) != CFLOW_EINVAL) return fail(seed, "negative capacity", m);
    if (cflow_set_link_capacity(m, 0, NAN) != CFLOW_EINVAL) return fail(seed, "NaN capacity", m);
    if (cflow_remove_flow(m, 12345678) != CFLOW_EUNKNOWN_FLOW) return fail(seed, "unknown flow", m);
    if (cflow_remove_flow(m, -1) != CFLOW_EUNKNOWN_FLOW) return fail(seed, "negative flow id", m);
    return 0;
}

static int run(uint64_t seed) {
    state = seed;
    cflow_model *m = cflow_create(), *twin = cflow_create();
    if (!m || !twin) return fail(seed, "create", NULL);
    cflow_set_local_repair(twin, 0);
    fat_tree = seed % 2 == 1;
    int nlinks = fat_tree ? FT_LINKS : 1 + below(12), status = 0;
    for (int i = 0; i < nlinks && !status; i++) {
        int32_t l;
        double capacity = below(fat_tree ? 40 : 5) == 0 ? 0 : 1e6 * (1 + below(100));
        int64_t latency = below(1000);
        status = cflow_add_link(m, capacity, latency, &l) || cflow_add_link(twin, capacity, latency, &l);
    }
    if (status) return fail(seed, "add link", m);
    if (check_errors(seed, m)) return 1;

    int64_t live[MAX_FLOWS], popped[64], now = 0;
    int nlive = 0;
    for (int step = 0; step < 400; step++) {
        int32_t route[MAX_ROUTE];
        int op = below(10);
        if (op < 4 && nlive < MAX_FLOWS) {
            int n = random_route(nlinks, route);
            double bytes = below(10) == 0 ? 0 : 1e3 * (1 + below(1000));
            double cap = below(4) == 0 ? 1e5 * (1 + below(100)) : CFLOW_NO_CAP;
            double weight = below(3) == 0 ? 0.5 + 4 * unit() : 1;
            int64_t twin_id;
            if (cflow_add_flow(m, route, n, bytes, cap, weight, now, &live[nlive])) return fail(seed, "add flow", m);
            if (cflow_add_flow(twin, route, n, bytes, cap, weight, now, &twin_id) || twin_id != live[nlive])
                return fail(seed, "add flow to the twin", twin);
            nlive++;
        } else if (op < 5 && nlive > 0) {
            int i = below(nlive);
            if (cflow_remove_flow(m, live[i]) || cflow_remove_flow(twin, live[i])) return fail(seed, "remove flow", m);
            live[i] = live[--nlive];
        } else if (op < 6 && nlive > 0) {
            int n = random_route(nlinks, route);
            int64_t flow = live[below(nlive)];
            if (cflow_reroute_flow(m, flow, route, n) || cflow_reroute_flow(twin, flow, route, n))
                return fail(seed, "reroute", m);
        } else if (op < 7) {
            double capacity = below(3) == 0 ? 0 : 1e6 * (1 + below(100));
            int32_t link = below(nlinks);
            if (cflow_set_link_capacity(m, link, capacity) || cflow_set_link_capacity(twin, link, capacity))
                return fail(seed, "set capacity", m);
        } else {
            int64_t next_done = cflow_next_completion(m);
            now += below(2) ? 1 + below(100000) : 0;
            if (next_done != INT64_MAX && next_done <= now + 50000 && below(2)) now = next_done > now ? next_done : now;
            int32_t count;
            while ((count = cflow_pop_completed(m, now, popped, 64)) > 0) {
                completions += (uint64_t)count;
                for (int j = 0; j < count; j++) {
                    if (cflow_remove_flow(twin, popped[j])) return fail(seed, "remove a completed flow from the twin", twin);
                    for (int i = 0; i < nlive; i++)
                        if (live[i] == popped[j]) { live[i] = live[--nlive]; break; }
                }
            }
            if (count < 0) return fail(seed, "pop", m);
        }
        if (cflow_check_invariants(m)) return fail(seed, "invariants before solve", m);
        if (cflow_solve(m, now) < 0) return fail(seed, "solve", m);
        if (cflow_solve(twin, now) < 0) return fail(seed, "solve the twin", twin);
        if (cflow_check_invariants(m)) return fail(seed, "invariants after solve", m);
        if (cflow_flow_count(m) != nlive) return fail(seed, "flow count", m);
        for (int i = 0; i < nlive; i++) {
            double rate, left;
            if (cflow_flow_rate(m, live[i], &rate) || cflow_flow_remaining(m, live[i], now, &left))
                return fail(seed, "query", m);
            if (isnan(rate) || isnan(left) || left < 0) return fail(seed, "NaN or negative", m);
            double twin_rate;
            if (cflow_flow_rate(twin, live[i], &twin_rate)) return fail(seed, "twin query", twin);
            if (fabs(rate - twin_rate) > 1e-9 * fmax(fabs(rate), fabs(twin_rate))) {
                fprintf(stderr, "cflow-selftest: seed %llu step %d: local repair gives %.17g, whole re-solve %.17g\n",
                        (unsigned long long)seed, step, rate, twin_rate);
                return 1;
            }
        }
    }
    cflow_stats stats = cflow_get_stats(m);
    repair_totals.local_repairs += stats.local_repairs;
    repair_totals.repair_links += stats.repair_links;
    repair_totals.repair_fallbacks += stats.repair_fallbacks;
    cflow_destroy(m);
    cflow_destroy(twin);
    return 0;
}

int main(int argc, char **argv) {
    uint64_t first = argc > 1 ? strtoull(argv[1], NULL, 10) : 1;
    uint64_t count = argc > 2 ? strtoull(argv[2], NULL, 10) : 300;
    for (uint64_t seed = first; seed < first + count; seed++)
        if (run(seed)) return 1;
    printf("cflow-selftest: %llu seeds passed, %llu flows completed; local repairs %llu (%llu links made active), "
           "%llu given up for whole components\n",
           (unsigned long long)count, (unsigned long long)completions,
           (unsigned long long)repair_totals.local_repairs, (unsigned long long)repair_totals.repair_links,
           (unsigned long long)repair_totals.repair_fallbacks);
    return 0;
}
