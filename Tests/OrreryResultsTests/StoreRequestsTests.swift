import Foundation
import OrreryKernel
import OrreryResults
import Testing

/// Schema 2's additions: per-request serving rows and the run's variant label.
@Suite struct StoreRequestsTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    static let requests = [
        RequestRow(
            workload: "chat", requestID: 1, arrival: .second, firstToken: seconds(2), end: seconds(5),
            promptTokens: 500, outputTokens: 40, generatedTokens: 40, replica: 0, preemptions: 1, status: .finished),
        RequestRow(
            workload: "chat", requestID: 0, arrival: .zero, firstToken: nil, end: nil,
            promptTokens: 9000, outputTokens: 10, generatedTokens: 0, replica: nil, preemptions: 0, status: .rejected),
        RequestRow(
            workload: "code", requestID: 0, arrival: .millisecond, firstToken: .second, end: nil,
            promptTokens: 100, outputTokens: 300, generatedTokens: 12, replica: 3, preemptions: 0, status: .unfinished),
    ]

    @Test func requestsReadBackInWorkloadAndIDOrder() throws {
        let path = scratch.path + "/serving.sqlite"
        let store = try ResultsStore.create(at: path)
        try store.beginRun(Fixture.runInfo)
        for request in Self.requests { try store.recordRequest(request) }
        try store.finishRun(Fixture.outcome)

        let read = try ResultsReader(path: path).requests(run: 1)
        #expect(read == [Self.requests[1], Self.requests[0], Self.requests[2]])
    }

    @Test func recordingARequestAgainReplacesIt() throws {
        let path = scratch.path + "/upsert.sqlite"
        let store = try ResultsStore.create(at: path)
        try store.beginRun(Fixture.runInfo)
        var request = Self.requests[2]
        try store.recordRequest(request)
        request.generatedTokens = 300
        request.end = seconds(9)
        request.status = .finished
        try store.recordRequest(request)
        try store.finishRun(Fixture.outcome)
        #expect(try ResultsReader(path: path).requests(run: 1) == [request])
    }

    @Test func variantLabelsRunsSharingAFile() throws {
        let path = scratch.path + "/compare.sqlite"
        var first = Fixture.runInfo
        first.variant = "scheduler.policy=fifo"
        try Fixture.writeRun(into: ResultsStore.create(at: path), info: first)
        var second = Fixture.runInfo
        second.variant = "scheduler.policy=sjf"
        try Fixture.writeRun(into: ResultsStore.create(at: path, replacing: false), info: second)
        try Fixture.writeRun(into: ResultsStore.create(at: path, replacing: false))

        let runs = try ResultsReader(path: path).runs()
        #expect(runs.map(\.info.variant) == ["scheduler.policy=fifo", "scheduler.policy=sjf", nil])
    }
}
