import Foundation
import Testing

/// Numeric flags given negative values: each is a usage error naming the flag and the
/// value. A negative number used to be read as another flag ("Missing value for
/// '--seed <seed>'"), and `--processes -1` never reached its range check.
@Suite struct FlagRobustnessTests {
    @Test(arguments: [
        (["run", "Scenarios/quickstart.yaml", "--seed", "-3"], "The value '-3' is invalid for '--seed <seed>'"),
        (["run", "Scenarios/quickstart.yaml", "--replications", "0"], "--replications must be from 1 to 100,000, got 0"),
        (["run", "Scenarios/quickstart.yaml", "--replications", "2", "--processes", "-1"], "--processes must be from 1 to 256, got -1"),
        (["sweep", "Scenarios/quickstart.yaml", "--seed", "-1"], "The value '-1' is invalid for '--seed <seed>'"),
        (["collective", "--preset", "dgx-h100-superpod", "--nodes", "-2"], "--nodes must be from 1 to 100,000"),
        (["serve", "plan", "Scenarios/serving-quickstart.yaml", "--max-replicas", "-5"], "--max-replicas"),
    ])
    func negativeNumbersAreUsageErrors(arguments: [String], message: String) throws {
        let r = try OrreryProcess.run(arguments)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stderr.contains("Missing value"), "\(r.stderr)")
    }
}
