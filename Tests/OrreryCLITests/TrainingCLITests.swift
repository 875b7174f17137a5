import Foundation
import Testing

/// `orrery run` on a training scenario prints the figures a capacity planner asks for.
@Suite struct TrainingCLITests {
    @Test func runPrintsStepTimeMFUThroughputAndTimeToTrain() throws {
        let r = try OrreryProcess.run(["run", "Scenarios/llama3-405b-16k.yaml", "--out", "/tmp/orrery-training-cli-test.sqlite"])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["training.step-time", "training.mfu", "training.tokens-per-second", "training.time-to-train"] {
            #expect(r.stdout.contains(name), "\(r.stdout)")
        }
        try? FileManager.default.removeItem(atPath: "/tmp/orrery-training-cli-test.sqlite")
    }
}
