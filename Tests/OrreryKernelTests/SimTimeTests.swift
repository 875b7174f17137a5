import Testing
import OrreryKernel

@Suite struct SimTimeTests {
    @Test func secondsRoundUpToTheNextNanosecond() {
        #expect(SimTime.seconds(1.5).nanoseconds == 1_500_000_000)
        #expect(SimTime.seconds(1e-10).nanoseconds == 1)
        #expect(SimTime.seconds(0.0).nanoseconds == 0)
    }

    @Test func nonFiniteAndHugeSaturate() {
        #expect(SimTime.seconds(Double.nan) == .max)
        #expect(SimTime.seconds(Double.infinity) == .max)
        #expect(SimTime.seconds(1e300) == .max)
        #expect(SimTime.seconds(-1e300) == .min)
    }

    @Test func arithmeticSaturatesInsteadOfTrapping() {
        #expect(SimTime.max + .second == .max)
        #expect(SimTime.min - .second == .min)
        #expect(SimTime.day.scaled(by: .max) == .max)
        #expect(SimTime.seconds(3) - .seconds(1) == .seconds(2))
    }

    @Test(arguments: [
        (SimTime(nanoseconds: 500), "500ns"), (.millisecond.scaled(by: 250), "250ms"),
        (.seconds(90), "1m30s"), (.day.scaled(by: 54), "54d"), (.max, "never"),
        (.hour + .seconds(1.5), "1h1.5s"),
    ])
    func description(time: SimTime, text: String) {
        #expect(time.description == text)
    }
}

@Suite struct SampleSummaryTests {
    @Test func quantilesMatchNumpyLinearInterpolation() throws {
        let s = try #require(SampleSummary([4, 1, 3, 2, 5, 6, 7, 8, 9, 10]))
        #expect(s.count == 10)
        #expect(s.mean == 5.5)
        #expect(s.p50 == 5.5)
        #expect(abs(s.p90 - 9.1) < 1e-12)
        #expect(abs(s.p95 - 9.55) < 1e-12)   // numpy.percentile(1..10, 95)
        #expect(abs(s.p99 - 9.91) < 1e-12)
        #expect(s.min == 1 && s.max == 10)
    }

    @Test func emptySampleHasNoSummary() {
        #expect(SampleSummary([]) == nil)
        #expect(SampleSummary([3])?.p99 == 3)
    }
}
