import OrreryKernel
import OrreryResults
import Testing

@Suite struct BaselineCompareTests {
    /// Band: max(0.5, 0.01 × 100) = 1.0 s around 100 s.
    static let baseline = Baseline(
        scenario: "s.yaml", seed: 1,
        metrics: [
            "jct": .init(value: 100, unit: "s", relative: 0.01, absolute: 0.5),
            "failures": .init(value: 0, unit: "jobs", relative: 0.5, absolute: 1),
        ])

    static func report(jct: Double, failures: Double = 0) -> BaselineReport {
        baseline.compare([Metric(name: "jct", value: jct, unit: "s"), Metric(name: "failures", value: failures, unit: "jobs")])
    }

    @Test func valuesInsideTheBandPass() throws {
        for jct in [100.0, 99.0, 101.0, 100.5] {
            let report = Self.report(jct: jct)
            #expect(report.passed, "jct \(jct)")
            #expect(report.failures.isEmpty)
        }
        let rows = Self.report(jct: 101).rows.filter { $0.name == "jct" }
        let row = try #require(rows.first)
        #expect(row.expected == 100)
        #expect(row.actual == 101)
        #expect(row.delta == 1)
        #expect(row.relativeDelta == 0.01)
        #expect(row.band == 1)
        #expect(row.outcome == .pass)
    }

    @Test func valuesOutsideTheBandFailOnEitherSide() {
        for jct in [98.99, 101.01, -100, .nan, .infinity] {
            let report = Self.report(jct: jct)
            #expect(!report.passed, "jct \(jct)")
            #expect(report.failures.map(\.name) == ["jct"])
            #expect(report.failures.first?.outcome == .fail)
        }
    }

    @Test func zeroExpectedValueUsesTheAbsoluteTolerance() {
        #expect(Self.report(jct: 100, failures: 1).passed)
        #expect(Self.report(jct: 100, failures: -1).passed)
        let failing = Self.report(jct: 100, failures: 2)
        #expect(!failing.passed)
        #expect(failing.failures.first?.name == "failures")
        #expect(failing.failures.first?.relativeDelta == nil)
        #expect(failing.failures.first?.delta == 2)
    }

    @Test func missingMetricsFailAndNewOnesAreInformational() {
        let report = Self.baseline.compare([
            Metric(name: "jct", value: 100, unit: "s"),
            Metric(name: "zeta", value: 1, unit: "x"),
            Metric(name: "alpha", value: 2, unit: "y"),
        ])
        #expect(!report.passed)
        #expect(report.rows.map(\.name) == ["failures", "jct", "alpha", "zeta"])
        #expect(report.rows.map(\.outcome) == [.missing, .pass, .new, .new])
        #expect(report.failures.map(\.name) == ["failures"])

        let onlyNew = Self.baseline.compare([
            Metric(name: "jct", value: 100, unit: "s"),
            Metric(name: "failures", value: 0, unit: "jobs"),
            Metric(name: "extra", value: 5, unit: "x"),
        ])
        #expect(onlyNew.passed)
        #expect(onlyNew.rows.last?.outcome == .new)
        #expect(onlyNew.rows.last?.expected == nil)
    }

    @Test func aChangedUnitFails() {
        let report = Self.baseline.compare([
            Metric(name: "jct", value: 100, unit: "ms"), Metric(name: "failures", value: 0, unit: "jobs"),
        ])
        #expect(!report.passed)
        #expect(report.failures.first?.outcome == .unitMismatch)
        #expect(report.failures.first?.actualUnit == "ms")
    }

    @Test func tableAlignsColumnsAndMarksFailures() {
        let report = Self.baseline.compare([
            Metric(name: "jct", value: 102, unit: "s"), Metric(name: "new.metric", value: 3, unit: "x"),
        ])
        let lines = report.renderTable().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == [
            "    metric      expected  actual  delta  rel  band  unit  result",
            ">>  failures           0       -      -    -    ±1  jobs  MISSING",
            ">>  jct              100     102     +2  +2%    ±1  s     FAIL",
            "    new.metric         -       3      -    -     -  x     new",
            "2 metrics: 0 passed, 1 failed, 1 missing, 0 unit mismatches; 1 new",
            "",
        ])
    }
}
