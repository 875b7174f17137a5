import Foundation
import OrreryKernel
@testable import OrreryResults
import OrreryScheduling
import Testing

/// A run that fails after it started (a model throws after the loop) keeps what it wrote.
@Suite struct RecorderRobustnessTests {
    @Test func aFailedRunKeepsItsRowsAndIsMarkedFailed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/failed.sqlite"
        let simulation = Simulation(seed: 1)
        let cluster = ClusterState(nodes: [SchedulerNode(name: "n0", gpuType: "A100", gpus: 8, cpuMilli: 0, memoryMiB: 0)])
        let jobs = RigidJobsModel(
            simulation: simulation, cluster: cluster,
            jobs: [
                JobSpec(id: "early", gpus: 8, submit: .zero, duration: .minute),
                JobSpec(id: "late", gpus: 8, submit: .zero, duration: .hour),
            ],
            policy: FIFOScheduler())
        let recorder = try RunRecorder(
            store: try ResultsStore.create(at: path), simulation: simulation, jobs: jobs, run: Fixture.runInfo)
        simulation.run(until: SimTime.minute.scaled(by: 30))
        recorder.finishFailed()

        let reader = try ResultsReader(path: path)
        let run = try #require(try reader.runs().first)
        #expect(run.status == .failed)
        let rows = try reader.jobs(run: run.runID)
        #expect(rows.map(\.jobID) == ["early", "late"])
        #expect(rows.first?.status == "finished")
        #expect(rows.last?.status != "finished")
    }

    /// The rows are written on a thread of their own; a write that fails there (the file
    /// is full) still fails the run, and the rows of the jobs ended up to the last batch
    /// the file took stay in it.
    @Test func aWriteThatFailsDuringTheRunFailsIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/full.sqlite"
        let simulation = Simulation(seed: 1)
        let cluster = ClusterState(nodes: [SchedulerNode(name: "n0", gpuType: "A100", gpus: 8, cpuMilli: 0, memoryMiB: 0)])
        let specs = (0..<5000).map { JobSpec(id: "job-\($0)-" + String(repeating: "x", count: 40), gpus: 1, submit: .zero, duration: .minute) }
        let jobs = RigidJobsModel(simulation: simulation, cluster: cluster, jobs: specs, policy: FIFOScheduler())
        let store = try ResultsStore.create(at: path, batchSize: 256)
        let recorder = try RunRecorder(store: store, simulation: simulation, jobs: jobs, run: Fixture.runInfo)
        // The file may not grow past its size now (a limit below it is raised to it) plus
        // sixteen pages: a few hundred rows.
        try store.db.execute("PRAGMA max_page_count = 1")
        let size = try {
            let pages = try store.db.prepare("PRAGMA max_page_count")
            _ = try pages.step()
            return pages.int64(at: 0)
        }()
        try store.db.execute("PRAGMA max_page_count = \(size + 16)")
        simulation.run()
        #expect(throws: (any Error).self) {
            try recorder.finish(status: .completed, metrics: [])
        }
        let reader = try ResultsReader(path: path)
        let run = try #require(try reader.runs().first)
        #expect(run.status == .failed)
        let written = try reader.jobs(run: run.runID).map(\.jobID)
        #expect(!written.isEmpty && written.count < specs.count)
        // The reader orders rows by job id: compared as sets.
        #expect(Set(written) == Set(specs.map(\.id).prefix(written.count)))
    }
}

/// A baseline path that is a directory: a plain reason, not Foundation's error number.
@Suite struct BaselineRobustnessTests {
    @Test func aDirectoryIsNoBaselineFile() throws {
        let directory = try TemporaryDirectory()
        let error = try #require(throws: BaselineError.self) { try BaselineFileTests.baseline.write(to: directory.path) }
        #expect("\(error)".contains("it is a directory"), "\(error)")
        #expect(!"\(error)".contains("NSCocoaErrorDomain"), "\(error)")
        let reading = try #require(throws: BaselineError.self) { try Baseline.load(path: directory.path) }
        #expect("\(reading)" == "cannot read baseline \(directory.path): it is a directory; give a .json file path")
    }
}
