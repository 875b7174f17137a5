/* Runs one flow set (flowset.h) through SimGrid's s4u API in its pure max-min
 * configuration and writes the completion times for cflow_driver to compare.
 *
 * The platform is one Full zone holding the flow set's hosts and links (12.5e9 B/s,
 * latency 0, shared) with an explicit route for every (source, destination) pair the
 * flow set uses, so SimGrid and CFlow share exactly the same routes. A kernel timer starts
 * each flow at its arrival time (sendto_init + start); Activity::on_completion records
 * each completion time. Only Engine::run is timed
 * (wall and process CPU time).
 *
 * Usage: simgrid_driver TOPOLOGY FLOWS SEED OUTPUT_FILE [--cfg=...] */
extern "C" {
#include "flowset.h"
}
#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv)
{
  sg4::Engine engine(&argc, argv);
  xbt_log_control_set("root.thresh:warning");
  flowset_topology topology;
  if (argc < 5 || flowset_topology_named(argv[1], &topology)) {
    std::fprintf(stderr, "usage: simgrid_driver star|fattree FLOWS SEED OUTPUT_FILE [--cfg=...]\n");
    return 2;
  }
  const int n = std::atoi(argv[2]);
  flowset_flow* flows = flowset_generate(&topology, n, std::strtoull(argv[3], nullptr, 10));
  const char* output = argv[4];

  // Pure max-min: CM02 without cross traffic, no TCP window bound, no bandwidth or
  // latency factors, unit sharing weights; solver tolerances tight enough to compare
  // at 1e-9.
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/crosstraffic:0");
  sg4::Engine::set_config("network/TCP-gamma:0");
  sg4::Engine::set_config("network/weight-S:0");
  sg4::Engine::set_config("network/latency-factor:1");
  sg4::Engine::set_config("network/bandwidth-factor:1");
  sg4::Engine::set_config("maxmin/precision:1e-13");
  sg4::Engine::set_config("surf/precision:1e-13");

  auto* zone = sg4::create_full_zone("net");
  std::vector<sg4::Host*> hosts;
  for (int h = 0; h < topology.hosts; h++)
    hosts.push_back(zone->create_host("h" + std::to_string(h), 1e9));
  std::vector<sg4::Link*> links;
  for (int l = 0; l < topology.links; l++)
    links.push_back(zone->create_link("l" + std::to_string(l), FLOWSET_CAPACITY)->set_latency(0)->seal());
  std::vector<int> routed((size_t)topology.hosts * (size_t)topology.hosts, -1); // first flow per pair
  for (int i = 0; i < n; i++) {
    const flowset_flow& f = flows[i];
    int& first = routed[(size_t)f.src * (size_t)topology.hosts + (size_t)f.dst];
    if (first >= 0) {
      const flowset_flow& g = flows[first];
      if (g.route_length != f.route_length || !std::equal(f.route, f.route + f.route_length, g.route)) {
        std::fprintf(stderr, "simgrid_driver: flows %d and %d join the same hosts by different routes\n", first, i);
        return 2;
      }
      continue;
    }
    first = i;
    std::vector<sg4::LinkInRoute> route;
    for (int k = 0; k < f.route_length; k++)
      route.emplace_back(links[(size_t)f.route[k]]);
    zone->add_route(hosts[(size_t)f.src]->get_netpoint(), hosts[(size_t)f.dst]->get_netpoint(), nullptr, nullptr,
                    route, false);
  }
  zone->seal();

  std::vector<double> completion((size_t)n, -1);
  std::unordered_map<const sg4::Activity*, int> index_of;
  sg4::Activity::on_completion_cb([&](const sg4::Activity& activity) {
    auto found = index_of.find(&activity);
    if (found == index_of.end())
      return;
    completion[(size_t)found->second] = sg4::Engine::get_clock();
    index_of.erase(found);
  });
  // Each flow starts from a kernel timer, i.e. from maestro: SimGrid then reports the
  // completion itself (no actor has to wait on the comm).
  std::vector<sg4::CommPtr> keep((size_t)n);
  for (int i = 0; i < n; i++) {
    simgrid::kernel::timer::Timer::set((double)flows[i].arrival_ns * 1e-9, [&, i]() {
      const flowset_flow& f = flows[i];
      auto comm = sg4::Comm::sendto_init(hosts[(size_t)f.src], hosts[(size_t)f.dst]);
      comm->set_payload_size(f.bytes);
      index_of[comm.get()] = i;
      comm->start();
      keep[(size_t)i] = comm;
    });
  }

  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  engine.run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu  = (double)(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  FILE* file = std::fopen(output, "w");
  if (!file)
    return 2;
  std::fprintf(file, "%.6f %.6f %d\n", wall, cpu, n);
  int missing = 0;
  for (double t : completion) {
    missing += t < 0;
    std::fprintf(file, "%.17g\n", t);
  }
  std::fclose(file);
  std::printf("simgrid %-8s %7d flows: %.3f s wall, %.3f s CPU\n", argv[1], n, wall, cpu);
  free(flows);
  if (missing) {
    std::fprintf(stderr, "simgrid_driver: %d flows never completed\n", missing);
    return 1;
  }
  return 0;
}
