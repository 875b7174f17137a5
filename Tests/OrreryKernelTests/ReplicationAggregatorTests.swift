import Testing
@testable import OrreryKernel

@Suite struct ReplicationAggregatorTests {
    /// Hand-computed: values 1…5 have mean 3, s = √2.5, t(0.975, 4) = 2.776445.
    @Test func studentIntervalMatchesTables() throws {
        var aggregator = ReplicationAggregator()
        for value in [1.0, 2, 3, 4, 5] { aggregator.add([Metric("x", value, unit: "s"), Metric("y", 7, unit: "W")]) }
        let summary = aggregator.summary()
        #expect(summary.map(\.name) == ["x", "y"])
        let x = summary[0]
        #expect(x.count == 5)
        #expect(abs(x.mean - 3) < 1e-12)
        let expected = 2.776445 * 2.5.squareRoot() / 5.0.squareRoot()
        let halfWidth = try #require(x.halfWidth)
        #expect(abs(halfWidth - expected) < 1e-5)
        #expect(summary[1].halfWidth == 0)
    }

    @Test func oneReplicationHasNoInterval() {
        var aggregator = ReplicationAggregator()
        aggregator.add([Metric("x", 1, unit: "s")])
        #expect(aggregator.summary()[0].halfWidth == nil)
    }

    @Test func missingMetricsAreSummarisedOverThePresentOnes() {
        var aggregator = ReplicationAggregator()
        aggregator.add([Metric("x", 1, unit: "s")])
        aggregator.add([Metric("x", 3, unit: "s"), Metric("z", 5, unit: "s")])
        let summary = aggregator.summary()
        #expect(summary.map(\.name) == ["x", "z"])
        #expect(summary[1].count == 1)
        #expect(aggregator.replications == 2)
    }
}
