import Foundation
import OrreryKernel
import Testing
import OrreryServing

/// Fixtures are embedded: the first rows of each public trace (Azure LLM inference 2023,
/// CC-BY-4.0; Mooncake conversation trace, Apache-2.0), plus hand-made bad rows.
@Suite struct AzureTraceTests {
    static let fixture = """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.6805900,374,44
        2023-11-16 18:15:50.9951690,396,109
        2023-11-16 18:15:51.0000000,879,42

        """

    @Test func parsesRowsRelativeToFirst() throws {
        let requests = try AzureLLMTrace.parse(Self.fixture, file: "conv.csv")
        #expect(requests.count == 3)
        #expect(requests[0] == ServingRequest(id: 0, arrival: .zero, promptTokens: 374, outputTokens: 44))
        #expect(requests[1].arrival == SimTime(nanoseconds: 4_314_579_000))
        #expect(requests[2].arrival == SimTime(nanoseconds: 4_319_410_000))
        #expect(requests[2].promptTokens == 879 && requests[2].outputTokens == 42)
    }

    @Test func crossesMidnightAndMonthEnd() throws {
        let text = "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-30 23:59:59.5,10,1\r\n2023-12-01 00:00:00.25,10,1\r\n"
        let requests = try AzureLLMTrace.parse(text, file: "x.csv")
        #expect(requests[1].arrival == SimTime(nanoseconds: 750_000_000))
    }

    @Test func wrongHeaderNamesLineOne() {
        let error = #expect(throws: TraceError.self) {
            try AzureLLMTrace.parse("time,in,out\n2023-11-16 18:15:46,1,1\n", file: "t.csv")
        }
        #expect(error?.line == 1)
        #expect(error?.description.hasPrefix("t.csv:1: ") == true)
    }

    @Test func missingFieldNamesLine() {
        let error = #expect(throws: TraceError.self) {
            try AzureLLMTrace.parse("\(AzureLLMTrace.header)\n2023-11-16 18:15:46.1,5,5\n2023-11-16 18:15:47.1,5\n", file: "t.csv")
        }
        #expect(error?.line == 3)
        #expect(error?.message.contains("expected 3 fields") == true)
    }

    @Test func badTimestampNamesLine() {
        let error = #expect(throws: TraceError.self) {
            try AzureLLMTrace.parse("\(AzureLLMTrace.header)\n16/11/2023 18:15,5,5\n", file: "t.csv")
        }
        #expect(error?.line == 2)
        #expect(error?.message.contains("TIMESTAMP") == true)
    }

    @Test func nonNumericTokensNameLine() {
        let error = #expect(throws: TraceError.self) {
            try AzureLLMTrace.parse("\(AzureLLMTrace.header)\n2023-11-16 18:15:46.1,five,5\n", file: "t.csv")
        }
        #expect(error?.line == 2)
        #expect(error?.message.contains("ContextTokens") == true)
    }

    @Test func zeroOutputTokensIsAnError() {
        let error = #expect(throws: TraceError.self) {
            try AzureLLMTrace.parse("\(AzureLLMTrace.header)\n2023-11-16 18:15:46.1,5,0\n", file: "t.csv")
        }
        #expect(error?.line == 2)
        #expect(error?.message.contains("GeneratedTokens must be ≥ 1") == true)
    }

    @Test func missingFileIsAnError() {
        let error = #expect(throws: TraceError.self) {
            try AzureLLMTrace.load(path: "/nonexistent/orrery/trace.csv")
        }
        #expect(error?.file == "/nonexistent/orrery/trace.csv")
    }
}

@Suite struct MooncakeTraceTests {
    static let fixture = """
        {"timestamp": 0, "input_length": 6758, "output_length": 500, "hash_ids": [0, 1, 2]}
        {"timestamp": 0, "input_length": 2290, "output_length": 316, "hash_ids": [0, 42]}
        {"timestamp": 1500, "input_length": 40160, "output_length": 6, "hash_ids": []}
        """

    @Test func parsesMillisecondTimestamps() throws {
        let requests = try MooncakeTrace.parse(Self.fixture, file: "m.jsonl")
        #expect(requests.count == 3)
        #expect(requests[0] == ServingRequest(id: 0, arrival: .zero, promptTokens: 6758, outputTokens: 500, prefixHashes: [0, 1, 2]))
        #expect(requests[2].arrival == SimTime(nanoseconds: 1_500_000_000))
        #expect(requests[2].promptTokens == 40160)
    }

    @Test func missingFieldNamesLineAndField() {
        let error = #expect(throws: TraceError.self) {
            try MooncakeTrace.parse("{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 5}\n{\"timestamp\": 1, \"input_length\": 5}\n", file: "m.jsonl")
        }
        #expect(error?.line == 2)
        #expect(error?.message == "missing field \"output_length\"")
    }

    @Test func brokenJSONNamesLine() {
        let error = #expect(throws: TraceError.self) {
            try MooncakeTrace.parse("\n{\"timestamp\": 0, \"input_length\": 5,\n", file: "m.jsonl")
        }
        #expect(error?.line == 2)
        #expect(error?.description.hasPrefix("m.jsonl:2: ") == true)
    }

    @Test func wrongTypeNamesField() {
        let error = #expect(throws: TraceError.self) {
            try MooncakeTrace.parse("{\"timestamp\": 0, \"input_length\": \"many\", \"output_length\": 5}", file: "m.jsonl")
        }
        #expect(error?.line == 1)
        #expect(error?.message.contains("input_length") == true)
    }

    @Test func negativeTimestampIsAnError() {
        let error = #expect(throws: TraceError.self) {
            try MooncakeTrace.parse("{\"timestamp\": -3, \"input_length\": 5, \"output_length\": 5}", file: "m.jsonl")
        }
        #expect(error?.message.contains("timestamp") == true)
    }
}

@Suite struct SyntheticTraceTests {
    static func trace(rate: Double = 4) throws -> SyntheticTrace {
        try SyntheticTrace(
            ratePerSecond: rate, promptTokens: .lognormal(median: 500, sigma: 0.8),
            outputTokens: .lognormal(median: 200, sigma: 0.8), maximumPromptTokens: 3000, maximumOutputTokens: 1000)
    }

    @Test func sameSeedSameTrace() throws {
        let a = try Self.trace().generate(count: 500, random: RandomStreams(masterSeed: 7))
        let b = try Self.trace().generate(count: 500, random: RandomStreams(masterSeed: 7))
        let c = try Self.trace().generate(count: 500, random: RandomStreams(masterSeed: 8))
        #expect(a == b)
        #expect(a != c)
    }

    @Test func rateAndLengthsAreAsConfigured() throws {
        let requests = try Self.trace().generate(count: 20_000, random: RandomStreams(masterSeed: 1))
        // Mean of 20,000 exponential gaps: standard error 0.7 %, so 3 % is > 4σ.
        #expect(abs(requests.arrivalRatePerSecond - 4) / 4 < 0.03)
        #expect(requests.allSatisfy { (1...3000).contains($0.promptTokens) && (1...1000).contains($0.outputTokens) })
        let prompts = requests.map(\.promptTokens).sorted()
        #expect(abs(Double(prompts[prompts.count / 2]) - 500) < 25)  // lognormal median e^mu
        #expect(zip(requests, requests.dropFirst()).allSatisfy { $0.arrival <= $1.arrival })
    }

    @Test func zeroRateIsRejected() {
        #expect(throws: ServingError.self) { try Self.trace(rate: 0) }
    }
}

/// Skip-and-count for malformed rows, scaled replay, and the synthetic generators.
@Suite struct TraceVariantsTests {
    static let mixed = """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.0,374,44
        2023-11-16 18:15:47.0,x,109
        2023-11-16 18:15:48.0,100

        2023-11-16 18:15:50.0,879,42

        """

    @Test func skippedRowsAreCountedWithTheFirstProblem() throws {
        let load = try AzureLLMTrace.parse(Self.mixed, file: "m.csv", badRows: .skip)
        #expect(load.requests.count == 2)
        #expect(load.skippedRows == 2)
        #expect(load.firstSkipped?.line == 3)
        #expect(load.warning?.hasPrefix("m.csv: skipped 2 malformed rows (first, line 3: ContextTokens") == true)
    }

    @Test func failingIsTheDefault() {
        let error = #expect(throws: TraceError.self) { try AzureLLMTrace.parse(Self.mixed, file: "m.csv") }
        #expect(error?.line == 3)
    }

    @Test func mooncakeSkipsBadRows() throws {
        let text = "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 2}\n{\"timestamp\": 5}\n"
        let load = try MooncakeTrace.parse(text, file: "m.jsonl", badRows: .skip)
        #expect(load.requests.count == 1)
        #expect(load.skippedRows == 1)
    }

    @Test func replayScalesToTheTargetRate() throws {
        let requests = (0..<11).map {
            ServingRequest(id: $0, arrival: .seconds(Double($0 * $0) / 10), promptTokens: 10, outputTokens: 2)
        }
        // 10 gaps over 10 s: 1 request/s natively.
        let faster = try requests.scaled(toRatePerSecond: 4)
        #expect(abs(faster.arrivalRatePerSecond - 4) < 1e-9)
        #expect(faster[5].arrival == SimTime.seconds(2.5 / 4))
        #expect(faster.map(\.promptTokens) == requests.map(\.promptTokens))
    }

    @Test func replayOfASimultaneousTraceIsAnError() {
        let together = Tiny.requests(3, prompt: 10, output: 2)
        #expect(throws: ServingError.self) { try together.scaled(toRatePerSecond: 2) }
    }

    /// Gamma gaps with cv = 3 keep the mean rate but are far more variable than Poisson.
    @Test(arguments: [7, 8] as [UInt64])
    func burstyArrivalsKeepTheRateAndRaiseVariability(seed: UInt64) throws {
        func gapsCV(_ burstiness: Double) throws -> (rate: Double, cv: Double) {
            let trace = try SyntheticTrace(
                ratePerSecond: 10, promptTokens: .constant(100), outputTokens: .constant(10), burstiness: burstiness)
            let requests = trace.generate(count: 20_000, random: RandomStreams(masterSeed: seed))
            let gaps = zip(requests.dropFirst(), requests).map { ($0.arrival - $1.arrival).seconds }
            let mean = gaps.reduce(0, +) / Double(gaps.count)
            let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gaps.count)
            return (requests.arrivalRatePerSecond, variance.squareRoot() / mean)
        }
        let poisson = try gapsCV(1)
        let bursty = try gapsCV(3)
        #expect(abs(poisson.cv - 1) < 0.05, "seed \(seed)")
        #expect(abs(bursty.cv - 3) < 0.3, "seed \(seed)")
        #expect(abs(bursty.rate / 10 - 1) < 0.1, "seed \(seed)")
    }

    @Test func empiricalLengthsResampleWholeRows() throws {
        let source = [
            ServingRequest(id: 0, arrival: .zero, promptTokens: 1000, outputTokens: 5),
            ServingRequest(id: 1, arrival: .zero, promptTokens: 20, outputTokens: 300),
        ]
        var trace = try SyntheticTrace(ratePerSecond: 1, promptTokens: .constant(1), outputTokens: .constant(1))
        trace.empiricalLengths = try EmpiricalLengths(source)
        let requests = trace.generate(count: 200, random: RandomStreams(masterSeed: 3))
        #expect(requests.allSatisfy { ($0.promptTokens, $0.outputTokens) == (1000, 5) || ($0.promptTokens, $0.outputTokens) == (20, 300) })
        #expect(requests.contains { $0.promptTokens == 20 } && requests.contains { $0.promptTokens == 1000 })
    }

    @Test func nonPositiveBurstinessIsRejected() {
        #expect(throws: ServingError.self) {
            try SyntheticTrace(ratePerSecond: 1, promptTokens: .constant(1), outputTokens: .constant(1), burstiness: 0)
        }
    }
}

/// The whole Azure conversation trace, shipped in Scenarios/traces (docs/data.md).
@Suite struct AzureConversationTraceTests {
    @Test func hasNineteenThousandRequestsAtFiveAndAHalfPerSecond() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/traces/azure-llm-2023-conv.csv").path
        let requests = try AzureLLMTrace.load(path: path).requests
        #expect(requests.count == 19_366)
        #expect(abs(requests.arrivalRatePerSecond - 5.53) < 0.01)
    }
}
