import OrreryKernel
import Testing
@testable import OrreryServing

/// The table-driven timing backend: parsing, interpolation, errors that name the line.
@Suite struct IterationTimeTableTests {
    /// A 2 × 3 grid: time = 5 ms + 0.01 ms per prefill token + 0.1 ms per decode.
    static let grid = """
        prefill_tokens,decode_sequences,time_ms
        0,1,5.1
        0,8,5.8
        0,32,8.2
        1000,1,15.1
        1000,8,15.8
        1000,32,18.2

        """

    static func table() throws -> IterationTimeTable { try IterationTimeTable.parse(grid, file: "t.csv") }

    @Test func gridPointsAreExact() throws {
        let t = try Self.table()
        #expect(t.prefillTokens == [0, 1000])
        #expect(t.decodeSequences == [1, 8, 32])
        #expect(abs(t.seconds(prefill: 1000, decode: 8) - 0.0158) < 1e-12)
    }

    @Test func interpolatesBilinearly() throws {
        let t = try Self.table()
        // Halfway in prefill, 20 decodes: 5 + 5 + 2.0 ms.
        #expect(abs(t.seconds(prefill: 500, decode: 20) - 0.012) < 1e-9)
    }

    @Test func extrapolatesAboveAndClampsBelow() throws {
        let t = try Self.table()
        #expect(abs(t.seconds(prefill: 2000, decode: 1) - 0.0251) < 1e-9)
        #expect(abs(t.seconds(prefill: 0, decode: 64) - 0.0114) < 1e-9)
        var work = IterationWork()
        work.decodeSequences = 1
        #expect(t.time(work) == SimTime.seconds(0.0051))
        #expect(t.time(IterationWork()) == .zero)
    }

    @Test func replicaUsesTheTable() throws {
        var config = try Tiny.replica()
        config.timingTable = try Self.table()
        let request = ServingRequest(id: 0, arrival: .zero, promptTokens: 100, outputTokens: 2)
        let (model, _) = try Tiny.run([request], replica: config)
        let record = try #require(model.records.first)
        // Prefill of 100 tokens: 5.1 + 1.0 ms (bilinear between 0 and 1,000 at one decode).
        #expect(record.firstToken == SimTime.seconds(0.0061))
        #expect(record.completion == SimTime.seconds(0.0061) + SimTime.seconds(0.0051))
    }

    @Test func missingGridPointIsNamed() {
        let text = "prefill_tokens,decode_sequences,time_ms\n0,1,5\n1000,8,6\n"
        let error = #expect(throws: TraceError.self) { try IterationTimeTable.parse(text, file: "p.csv") }
        #expect(error?.description.contains("not a full grid") == true)
    }

    @Test func duplicateRowNamesBothLines() {
        let text = "prefill_tokens,decode_sequences,time_ms\n0,1,5\n0,1,6\n"
        let error = #expect(throws: TraceError.self) { try IterationTimeTable.parse(text, file: "p.csv") }
        #expect(error?.line == 3)
        #expect(error?.message.contains("line 2") == true)
    }

    @Test func badTimeNamesLine() {
        let text = "prefill_tokens,decode_sequences,time_ms\n0,1,5\n0,2,-1\n"
        let error = #expect(throws: TraceError.self) { try IterationTimeTable.parse(text, file: "p.csv") }
        #expect(error?.description.hasPrefix("p.csv:3: time_ms") == true)
    }

    @Test func wrongHeaderIsLineOne() {
        let error = #expect(throws: TraceError.self) { try IterationTimeTable.parse("a,b,c\n1,1,1\n", file: "p.csv") }
        #expect(error?.line == 1)
    }

    @Test func emptyBatchRowIsRejected() {
        let error = #expect(throws: TraceError.self) {
            try IterationTimeTable.parse("prefill_tokens,decode_sequences,time_ms\n0,0,1\n", file: "p.csv")
        }
        #expect(error?.line == 2)
    }
}
