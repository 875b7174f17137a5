import Foundation
import OrreryKernel
import OrreryResults
import Testing

/// Schema 4's addition: the values that make each run's variant (`orrery sweep`).
@Suite struct StoreVariantSettingsTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    static func info(nodes: String, policy: String) -> RunInfo {
        var info = Fixture.runInfo
        info.variant = "cluster.nodes[0].count=\(nodes),scheduler.policy=\(policy)"
        info.settings = [
            VariantSetting(keyPath: "cluster.nodes[0].count", value: nodes),
            VariantSetting(keyPath: "scheduler.policy", value: policy),
        ]
        return info
    }

    @Test func settingsRoundTripInOrder() throws {
        let path = scratch.path + "/sweep.sqlite"
        try Fixture.writeRun(into: ResultsStore.create(at: path), info: Self.info(nodes: "2", policy: "sjf"))
        try Fixture.writeRun(into: ResultsStore.create(at: path, replacing: false), info: Self.info(nodes: "4", policy: "fifo"))
        try Fixture.writeRun(into: ResultsStore.create(at: path, replacing: false))
        let reader = try ResultsReader(path: path)
        let runs = try reader.runs()
        #expect(runs.map(\.info) == [Self.info(nodes: "2", policy: "sjf"), Self.info(nodes: "4", policy: "fifo"), Fixture.runInfo])
        #expect(try reader.tableDump("variant_settings") == [
            "1|0|'cluster.nodes[0].count'|'2'", "1|1|'scheduler.policy'|'sjf'",
            "2|0|'cluster.nodes[0].count'|'4'", "2|1|'scheduler.policy'|'fifo'",
        ])
    }

    /// A run started but never finished (killed) still has its settings: they are
    /// committed with its `runs` row.
    @Test func settingsAreCommittedWhenTheRunStarts() throws {
        let path = scratch.path + "/killed.sqlite"
        let store = try ResultsStore.create(at: path)
        try store.beginRun(Self.info(nodes: "3", policy: "las"))
        let runs = try ResultsReader(path: path).runs()
        #expect(runs.first?.status == .running)
        #expect(runs.first?.info.settings.map(\.value) == ["3", "las"])
        try store.finishRun(Fixture.outcome)
    }

    /// Files gathered from parallel processes keep each run's settings, renumbered.
    @Test func appendedRunsKeepTheirSettings() throws {
        let part = scratch.path + "/part.sqlite", whole = scratch.path + "/whole.sqlite"
        try Fixture.writeRun(into: ResultsStore.create(at: part), info: Self.info(nodes: "8", policy: "sjf"))
        let store = try ResultsStore.create(at: whole)
        try Fixture.writeRun(into: store, info: Self.info(nodes: "2", policy: "fifo"))
        try store.appendRuns(from: part)
        let runs = try ResultsReader(path: whole).runs()
        #expect(runs.map(\.runID) == [1, 2])
        #expect(runs.map { $0.info.settings.map(\.value) } == [["2", "fifo"], ["8", "sjf"]])
    }
}
