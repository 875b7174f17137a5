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
