import Foundation
import OrreryKernel
import OrreryResults
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
