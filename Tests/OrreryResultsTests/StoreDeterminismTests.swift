import Foundation
import OrreryResults
import Testing

@Suite struct StoreDeterminismTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    static let tables = ["meta", "runs", "jobs", "requests", "series", "timeseries", "metrics"]

    @Test func sameRecordsGiveIdenticalRows() throws {
        let directory = scratch.path
        var dumps: [[String: [String]]] = []
        for name in ["a", "b"] {
            let path = directory + "/\(name).sqlite"
            try Fixture.writeRun(into: ResultsStore.create(at: path, batchSize: 5))
            let reader = try ResultsReader(path: path)
            dumps.append(try Dictionary(uniqueKeysWithValues: Self.tables.map { ($0, try reader.tableDump($0)) }))
        }
        #expect(dumps[0] == dumps[1])
        #expect(dumps[0]["timeseries"]?.count == 20)
        #expect(dumps[0]["timeseries"]?.first == "1|'gpus.busy'|0|0.0")
    }

    @Test func differentRecordsGiveDifferentRows() throws {
        let directory = scratch.path
        var other = Fixture.runInfo
        other.seed = 7
        try Fixture.writeRun(into: ResultsStore.create(at: directory + "/a.sqlite"))
        try Fixture.writeRun(into: ResultsStore.create(at: directory + "/b.sqlite"), info: other)
        let a = try ResultsReader(path: directory + "/a.sqlite").tableDump("runs")
        let b = try ResultsReader(path: directory + "/b.sqlite").tableDump("runs")
        #expect(a != b)
    }
}
