import Foundation
import Testing
@testable import OrreryServing

/// Trace rows with token counts near Int.max were accepted, then `prompt + output`
/// overflowed when the request arrived. They are errors naming the file and line now,
/// or skipped rows under `on-bad-row: skip`.
@Suite struct ServingRobustnessTests {
    static let azure = """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.6805900,374,44
        2023-11-16 18:15:50.9951690,396,9223372036854775807

        """
    static let mooncake = """
        {"timestamp": 0, "input_length": 100, "output_length": 10}
        {"timestamp": 5, "input_length": 9223372036854775807, "output_length": 10}

        """

    @Test func hugeTokenCountsAreRowErrors() throws {
        let azure = try #require(throws: TraceError.self) { try AzureLLMTrace.parse(Self.azure, file: "a.csv") }
        #expect(azure.description == "a.csv:3: GeneratedTokens must be at most 100000000, got 9223372036854775807")
        let mooncake = try #require(throws: TraceError.self) { try MooncakeTrace.parse(Self.mooncake, file: "m.jsonl") }
        #expect(mooncake.description == "m.jsonl:2: input_length must be from 1 to 100000000, got 9223372036854775807")
    }

    @Test func hugeTokenCountsAreSkippedWhenAsked() throws {
        let azure = try AzureLLMTrace.parse(Self.azure, file: "a.csv", badRows: .skip)
        #expect(azure.requests.count == 1 && azure.skippedRows == 1)
        let mooncake = try MooncakeTrace.parse(Self.mooncake, file: "m.jsonl", badRows: .skip)
        #expect(mooncake.requests.count == 1 && mooncake.skippedRows == 1)
    }

    /// A directory or a device given as a trace: said in words, not as Foundation's
    /// "NSCocoaErrorDomain error 256" or "You don't have permission".
    @Test(arguments: [(NSTemporaryDirectory(), "it is a directory, not a trace file"), ("/dev/zero", "it is not a regular file")])
    func aPathThatIsNoFileSaysSo(path: String, message: String) {
        let error = #expect(throws: TraceError.self) { try AzureLLMTrace.load(path: path) }
        #expect(error?.description == "\(path): \(message)")
    }
}
