import Foundation
import OrreryResults
import Testing

/// Three 8-GPU jobs queueing on one DGX-A100 node (also swept in SweepCommandTests).
let contended = """
    name: contended
    run: { seed: 3 }
    cluster:
      nodes:
        - { type: DGX-A100, count: 1 }
    workloads:
      - kind: jobs
        jobs:
          - { id: long, gpus: 8, duration: 1000s, submit: 0s }
          - { id: big, gpus: 8, duration: 500s, submit: 1s }
          - { id: small, gpus: 8, duration: 10s, submit: 2s }
    """

@Suite(.serialized) struct CompareCommandTests {
    @Test func policiesRunOnIdenticalInputIntoOneFile() throws {
        let dir = try scratch(["c.yaml": contended])
        let r = try OrreryProcess.run(["compare", "c.yaml", "--policies", "fifo,sjf", "--out", "cmp.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let header = try #require(r.stdout.split(separator: "\n").dropFirst().first)
        #expect(header.split(separator: " ") == ["metric", "unit", "fifo", "sjf"])
        // When long ends at 1000 s, FIFO starts big (waited 999 s) then small (1498 s);
        // SJF starts small (998 s) then big (1009 s).
        let queueing = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("jobs.queueing.max") })
        #expect(queueing.split(separator: " ").suffix(2) == ["1498", "1009"], "\(queueing)")
        let mean = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("jobs.queueing.mean") })
        #expect(mean.split(separator: " ").suffix(2) == ["832.333", "669"], "\(mean)")

        let runs = try ResultsReader(path: dir.appendingPathComponent("cmp.sqlite").path).runs()
        #expect(runs.map(\.info.variant) == ["scheduler.policy=fifo", "scheduler.policy=sjf"])
        #expect(Set(runs.map(\.info.seed)) == [3])
    }

    @Test func unknownPolicyIsAUsageError() throws {
        let dir = try scratch(["c.yaml": contended])
        let r = try OrreryProcess.run(["compare", "c.yaml", "--policies", "fifo,shortest"], in: dir)
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown policy 'shortest'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Results").path), "nothing is written")
    }

    @Test func scenarioWithoutJobsIsRejected() throws {
        let serving = """
            name: only-serving
            cluster:
              nodes:
                - { type: DGX-A100, count: 1 }
            workloads:
              - kind: serving
                name: chat
                model: llama-2-7b
                trace: { format: synthetic, requests: 5, rate-per-second: 1 }
            """
        let dir = try scratch(["s.yaml": serving])
        let r = try OrreryProcess.run(["compare", "s.yaml", "--policies", "fifo"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("s.yaml: compare needs at least one 'kind: jobs' workload"), "\(r.stderr)")
    }

    /// Two 500-milli shares and a 600 one on a node of two GPUs: consolidating packs the
    /// shares on one GPU and the 600 share gets the other; spread puts the first two
    /// shares on different GPUs, so the 600 one waits for a GPU to empty.
    @Test func placementsRunOnIdenticalInput() throws {
        let shares = """
            name: shares
            cluster:
              nodes:
                - { type: DGX-A100, count: 1, overrides: { gpus-per-node: 2 } }
            workloads:
              - kind: jobs
                jobs:
                  - { id: a, gpus: 1, gpu-milli: 500, duration: 100s }
                  - { id: b, gpus: 1, gpu-milli: 500, duration: 100s, submit: 1s }
                  - { id: c, gpus: 1, gpu-milli: 600, duration: 10s, submit: 2s }
            """
        let dir = try scratch(["s.yaml": shares])
        let r = try OrreryProcess.run(["compare", "s.yaml", "--placements", "consolidate,spread", "--out", "p.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let header = try #require(r.stdout.split(separator: "\n").dropFirst().first)
        #expect(header.split(separator: " ") == ["metric", "unit", "consolidate", "spread"])
        let queueing = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("jobs.queueing.max") })
        #expect(queueing.split(separator: " ").suffix(2) == ["0", "98"], "\(queueing)")
        let runs = try ResultsReader(path: dir.appendingPathComponent("p.sqlite").path).runs()
        #expect(runs.map(\.info.variant) == ["scheduler.placement=consolidate", "scheduler.placement=spread"])
        let both = try OrreryProcess.run(["compare", "s.yaml", "--placements", "fgd", "--placement", "spread"], in: dir)
        #expect(both.status == 64)
        #expect(both.stderr.contains("give one of them"), "\(both.stderr)")
    }
}
