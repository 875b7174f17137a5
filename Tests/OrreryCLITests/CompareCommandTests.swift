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

    /// Parallel processes, and threads, give the very table and rows of the runs made in
    /// sequence: five policies, one per child or thread at a time, two at once.
    @Test(arguments: [(["--processes", "2"], "5 policies in 2 processes"), (["--threads", "2"], "5 policies on 2 threads")])
    func parallelRunsGiveTheSequentialTableAndRows(spread: [String], note: String) throws {
        let dir = try scratch(["c.yaml": contended])
        let policies = ["--policies", "fifo,sjf,las,gittins,easy-backfill"]
        let sequential = try OrreryProcess.run(["compare", "c.yaml"] + policies + ["--out", "s.sqlite"], in: dir)
        let parallel = try OrreryProcess.run(["compare", "c.yaml"] + policies + spread + ["--out", "p.sqlite"], in: dir)
        #expect(sequential.status == 0 && parallel.status == 0, "\(sequential.stderr)\(parallel.stderr)")
        #expect(parallel.stdout.contains(note), "\(parallel.stdout)")
        /// The table: every line but the header and the results file's.
        func table(_ output: String) -> [Substring] { Array(output.split(separator: "\n").dropFirst().dropLast()) }
        #expect(table(parallel.stdout) == table(sequential.stdout), "\(parallel.stdout)")
        let s = try ResultsReader(path: dir.appendingPathComponent("s.sqlite").path)
        let p = try ResultsReader(path: dir.appendingPathComponent("p.sqlite").path)
        #expect(try p.runs().map(\.info.variant) == (try s.runs().map(\.info.variant)))
        for table in ["metrics", "jobs", "variant_settings", "timeseries"] {
            #expect(try p.tableDump(table) == (try s.tableDump(table)), "\(table)")
        }
    }

    @Test func spreadingOptionsAreChecked() throws {
        let dir = try scratch(["c.yaml": contended])
        for (options, message) in [
            (["--processes", "0"], "--processes must be from 1 to 256"), (["--threads", "257"], "--threads must be from 1 to 256"),
            (["--threads", "2", "--processes", "2"], "give one of them"),
        ] {
            let r = try OrreryProcess.run(["compare", "c.yaml", "--policies", "fifo"] + options, in: dir)
            #expect(r.status == 64)
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
    }

    /// A run's metrics read back in the order it recorded them are its summary's order,
    /// which the sequential table shows.
    @Test func metricsReadBackInRecordedOrder() throws {
        let dir = try scratch(["c.yaml": contended])
        let r = try OrreryProcess.run(["compare", "c.yaml", "--policies", "fifo", "--out", "o.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let reader = try ResultsReader(path: dir.appendingPathComponent("o.sqlite").path)
        let run = try #require(try reader.runs().first)
        let shown = r.stdout.split(separator: "\n").dropFirst(2).dropLast().map { String($0.split(separator: " ")[0]) }
        #expect(try reader.metrics(run: run.runID, order: .recorded).map(\.name) == shown)
        #expect(try reader.metrics(run: run.runID).map(\.name) == shown.sorted())
        #expect(shown != shown.sorted(), "the summary's order is not the names' order")
    }

    /// SIGINT during a parallel comparison: the file holds only finished runs and those
    /// the interrupt stopped, and the exit status says so.
    @Test(arguments: [["--processes", "2"], ["--threads", "2"]])
    func interruptedParallelComparisonKeepsWhatWasDone(spread: [String]) throws {
        let dir = try scratch(["l.yaml": oneNodeScenario(trace: "long.csv"), "long.csv": longTrace(jobs: 20_000)])
        let results = dir.appendingPathComponent("r.sqlite")
        let r = try OrreryProcess.run(
            ["compare", "l.yaml", "--policies", "fifo,sjf,las,srtf"] + spread + ["--out", "r.sqlite"],
            in: dir, signal: SIGINT, whenExists: results)
        let statuses = try ResultsReader(path: results.path).runs().map(\.status)
        // The signal comes 0.2 s after the file appears; each run takes seconds.
        #expect(r.status == 130, "\(r.stderr)")
        #expect(statuses.allSatisfy { $0 == .completed || $0 == .interrupted }, "\(statuses)")
        #expect(statuses.count < 4, "no run after the interrupt: \(statuses)")
        #expect(r.stdout.contains("interrupted"), "\(r.stdout)")
    }
}
