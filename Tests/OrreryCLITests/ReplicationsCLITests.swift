import Foundation
import OrreryResults
import Testing

/// A small training job with GPU failures: replications differ (also swept in SweepCommandTests).
let failing = """
    name: rep
    run: { seed: 11, horizon: 2d }
    cluster:
      nodes:
        - { type: DGX-H100, count: 2 }
    workloads:
      - kind: training
        model: { layers: 4, hidden: 1024, heads: 16, vocabulary: 32000, ffn-type: swiglu, ffn: 2816 }
        parallelism: { tp: 8, dp: 2 }
        global-batch: 16
        tokens: 2T
    failures:
      modes:
        - { name: gpu, scope: gpu, rate: 1e-2 }
    """

@Suite(.serialized) struct ReplicationsCLITests {
    @Test func replicationsShareAFileAndReportIntervals() throws {
        let dir = try scratch(["r.yaml": failing])
        let r = try OrreryProcess.run(["run", "r.yaml", "--replications", "4", "--out", "r.sqlite", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 replications"), "\(r.stdout)")
        let ettr = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("resilience.ettr ") })
        let columns = ettr.split(separator: " ")
        #expect(columns.last == "4", "\(ettr)")
        #expect(columns.count == 5 && columns[3] != "—", "failures differ between replications: \(ettr)")

        let runs = try ResultsReader(path: dir.appendingPathComponent("r.sqlite").path).runs()
        #expect(runs.map(\.info.runIndex) == [0, 1, 2, 3])
        #expect(Set(runs.map(\.info.seed)) == [11])
    }

    @Test func replicationZeroIsThePlainRun() throws {
        let dir = try scratch(["r.yaml": failing])
        let plain = try OrreryProcess.run(["run", "r.yaml", "--json", "--out", "p.sqlite"], in: dir)
        let replicated = try OrreryProcess.run(["run", "r.yaml", "--replications", "2", "--out", "q.sqlite", "--quiet"], in: dir)
        #expect(plain.status == 0 && replicated.status == 0, "\(plain.stderr)\(replicated.stderr)")
        let first = try ResultsReader(path: dir.appendingPathComponent("q.sqlite").path)
        let single = try ResultsReader(path: dir.appendingPathComponent("p.sqlite").path)
        #expect(try first.metrics(run: 1) == (try single.metrics(run: 1)))
    }

    /// Failures and checkpoints are rows of their own tables, and the job's power is a
    /// time series, not only summary metrics.
    @Test func failuresCheckpointsAndPowerAreRows() throws {
        let dir = try scratch(["r.yaml": failing])
        let r = try OrreryProcess.run(["run", "r.yaml", "--out", "r.sqlite", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let reader = try ResultsReader(path: dir.appendingPathComponent("r.sqlite").path)
        let metrics = try reader.metrics(run: 1)
        func metric(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }
        let failures = try reader.tableDump("failures")
        #expect(failures.count > 0)
        #expect(Double(failures.count) == metric("resilience.interruptions"))
        #expect(failures.allSatisfy { $0.contains("'gpu'|'gpu'") }, "\(failures.prefix(3))")
        let checkpoints = try reader.tableDump("checkpoints")
        let completed = checkpoints.filter { $0.hasSuffix("'completed'") }.count
        #expect(Double(completed) == metric("resilience.checkpoints"))
        let facility = try reader.tableDump("timeseries").filter { $0.contains("'power.facility'") }
        #expect(facility.count > 2 * failures.count, "a stop and a restart per failure at least")
    }

    /// Replications spread over parallel processes give the very rows the sequential run
    /// writes, gathered into one file in run-index order.
    @Test func parallelProcessesWriteTheSameRows() throws {
        let dir = try scratch(["r.yaml": failing])
        let sequential = try OrreryProcess.run(["run", "r.yaml", "--replications", "5", "--out", "s.sqlite", "--quiet"], in: dir)
        let parallel = try OrreryProcess.run(
            ["run", "r.yaml", "--replications", "5", "--processes", "2", "--out", "p.sqlite", "--quiet"], in: dir)
        #expect(sequential.status == 0 && parallel.status == 0, "\(sequential.stderr)\(parallel.stderr)")
        #expect(parallel.stdout.contains("5 replications in 2 processes"), "\(parallel.stdout)")
        let s = try ResultsReader(path: dir.appendingPathComponent("s.sqlite").path)
        let p = try ResultsReader(path: dir.appendingPathComponent("p.sqlite").path)
        #expect(try p.runs().map(\.info.runIndex) == [0, 1, 2, 3, 4])
        for table in ["metrics", "failures", "checkpoints", "timeseries", "series"] {
            #expect(try s.tableDump(table) == (try p.tableDump(table)), "\(table)")
        }
        func rows(_ output: String) -> [Substring] {
            output.split(separator: "\n").filter { $0.hasPrefix("resilience.") }.sorted()
        }
        #expect(rows(sequential.stdout) == rows(parallel.stdout))
    }

    @Test func jsonAndReplicationsDoNotMix() throws {
        let dir = try scratch(["r.yaml": failing])
        let r = try OrreryProcess.run(["run", "r.yaml", "--replications", "2", "--json"], in: dir)
        #expect(r.status == 64)
        #expect(r.stderr.contains("cannot be combined with --replications"), "\(r.stderr)")
    }
}
