/* Runs one flow set (flowset.h) through CFlow: every arrival and every completion is a
 * change followed by one solve. Prints the wall time of the simulation loop and, given
 * SimGrid's completion times (simgrid_driver.cpp output), the largest relative
 * difference between the two, and one result line for the benchmark table.
 *
 * Usage: cflow_driver TOPOLOGY FLOWS SEED [SIMGRID_RESULT_FILE] [--whole-components]
 * (--whole-components turns the local repair off: every change re-solves its component.) */
#define _POSIX_C_SOURCE 199309L
#include "cflow.h"
#include "flowset.h"
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

static double seconds_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int die(const char *what, cflow_model *m) {
    fprintf(stderr, "cflow_driver: %s: %s\n", what, m ? cflow_last_error(m) : "");
    return 2;
}

typedef struct run_result {
    double wall_s, cpu_s;
    int64_t *done_ns;       /* completion time of flow i */
    double mean_live;       /* live flows averaged over changes */
    int32_t peak_live;
} run_result;

static int simulate(const flowset_topology *t, const flowset_flow *flows, int n, int local_repair,
                    run_result *r) {
    cflow_model *m = cflow_create();
    if (!m) return die("create", NULL);
    cflow_set_local_repair(m, local_repair);
    for (int l = 0; l < t->links; l++) {
        int32_t id;
        if (cflow_add_link(m, FLOWSET_CAPACITY, 0, &id)) return die("add link", m);
    }
    int32_t *index_of_slot = malloc(sizeof(int32_t) * (size_t)n);
    int64_t popped[256];
    double live_sum = 0;
    int64_t changes = 0;
    r->peak_live = 0;
    double start = seconds_now();
    clock_t cpu_start = clock();
    for (int next = 0; next < n || cflow_flow_count(m) > 0;) {
        int64_t done = cflow_next_completion(m);
        int64_t now = next < n && flows[next].arrival_ns < done ? flows[next].arrival_ns : done;
        if (now == INT64_MAX) return die("flows stalled", m);
        int32_t count;
        while ((count = cflow_pop_completed(m, now, popped, 256)) > 0)
            for (int32_t j = 0; j < count; j++) r->done_ns[index_of_slot[popped[j] & 0xffffffff]] = now;
        if (count < 0) return die("pop", m);
        if (next < n && flows[next].arrival_ns == now) {
            const flowset_flow *f = &flows[next];
            int64_t id;
            if (cflow_add_flow(m, f->route, f->route_length, (double)f->bytes, CFLOW_NO_CAP, 1, now, &id))
                return die("add flow", m);
            index_of_slot[id & 0xffffffff] = next++;
        }
        if (cflow_solve(m, now) < 0) return die("solve", m);
        int32_t live = cflow_flow_count(m);
        live_sum += live;
        changes++;
        if (live > r->peak_live) r->peak_live = live;
    }
    r->wall_s = seconds_now() - start;
    r->cpu_s = (double)(clock() - cpu_start) / CLOCKS_PER_SEC;
    r->mean_live = live_sum / (double)changes;
    cflow_stats stats = cflow_get_stats(m);
    fprintf(stderr,
            "cflow: %" PRIu64 " solves, %" PRIu64 " flow rates recomputed, %" PRIu64 " settled; %" PRIu64
            " local repairs (%" PRIu64 " links made active), %" PRIu64 " given up\n",
            stats.solves, stats.flows_resolved, stats.flows_settled, stats.local_repairs, stats.repair_links,
            stats.repair_fallbacks);
    free(index_of_slot);
    cflow_destroy(m);
    return 0;
}

/* Reads SimGrid's result: "wall_seconds cpu_seconds flows" then one completion time (s)
 * a line. */
static int compare(const char *path, const flowset_flow *flows, int n, const run_result *r,
                   double *sg_wall, double *sg_cpu, double *max_rel_done, double *max_rel_duration,
                   double *max_abs) {
    FILE *file = fopen(path, "r");
    if (!file) return -1;
    int count = 0;
    if (fscanf(file, "%lf %lf %d", sg_wall, sg_cpu, &count) != 3 || count != n) {
        fclose(file);
        return -1;
    }
    *max_rel_done = *max_rel_duration = *max_abs = 0;
    for (int i = 0; i < n; i++) {
        double sg;
        if (fscanf(file, "%lf", &sg) != 1) {
            fclose(file);
            return -1;
        }
        double ours = (double)r->done_ns[i] * 1e-9, arrival = (double)flows[i].arrival_ns * 1e-9;
        double rel_done = fabs(ours - sg) / sg;
        double rel_duration = fabs(ours - sg) / (sg - arrival);
        if (rel_done > *max_rel_done) *max_rel_done = rel_done;
        if (fabs(ours - sg) > *max_abs) *max_abs = fabs(ours - sg);
        if (rel_duration > *max_rel_duration) *max_rel_duration = rel_duration;
    }
    fclose(file);
    return 0;
}

int main(int argc, char **argv) {
    flowset_topology t;
    if (argc < 4 || flowset_topology_named(argv[1], &t)) {
        fprintf(stderr, "usage: cflow_driver star|fattree FLOWS SEED [SIMGRID_RESULT_FILE] [--whole-components]\n");
        return 2;
    }
    int local_repair = !(argc > 4 && strcmp(argv[argc - 1], "--whole-components") == 0);
    if (!local_repair) argc--;
    int n = atoi(argv[2]);
    uint64_t seed = strtoull(argv[3], NULL, 10);
    flowset_flow *flows = flowset_generate(&t, n, seed);
    run_result r = {.done_ns = calloc((size_t)n, sizeof(int64_t))};
    if (!flows || !r.done_ns) return die("out of memory", NULL);
    int status = simulate(&t, flows, n, local_repair, &r);
    if (status) return status;
    int64_t last = 0;
    for (int i = 0; i < n; i++) last = r.done_ns[i] > last ? r.done_ns[i] : last;
    printf("cflow   %-8s %7d flows: %.3f s wall, %.3f s CPU (live flows: mean %.0f, peak %d; "
           "last completion at %.1f simulated s)\n",
           argv[1], n, r.wall_s, r.cpu_s, r.mean_live, r.peak_live, (double)last * 1e-9);
    if (argc > 4) {
        double sg_wall, sg_cpu, rel_done, rel_duration, abs_diff;
        if (compare(argv[4], flows, n, &r, &sg_wall, &sg_cpu, &rel_done, &rel_duration, &abs_diff))
            return die("cannot read the SimGrid result file", NULL);
        printf("RESULT | %s | %d | %.0f / %.0f | %.2f / %.2f | %.3f / %.3f | %.0fx / %.0fx | %.1e | %.1f | %.1e |\n",
               argv[1], n, r.mean_live, (double)r.peak_live, sg_wall, sg_cpu, r.wall_s, r.cpu_s, sg_wall / r.wall_s,
               sg_cpu / r.cpu_s, rel_done, abs_diff * 1e9, rel_duration);
    } else {
        printf("RESULT | %s | %d | %.0f / %.0f | not run | %.3f / %.3f | | | | |\n", argv[1], n, r.mean_live,
               (double)r.peak_live, r.wall_s, r.cpu_s);
    }
    free(flows);
    free(r.done_ns);
    return 0;
}
