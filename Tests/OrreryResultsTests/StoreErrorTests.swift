import Foundation
import OrreryKernel
import OrreryResults
import Testing

@Suite struct StoreErrorTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    @Test func foreignSQLiteFileIsRejectedClearly() throws {
        let directory = scratch.path
        let path = directory + "/other.db"
        try SQLiteDatabase(path: path, mode: .readWriteCreate).execute("CREATE TABLE customers(id INTEGER)")
        let error = #expect(throws: ResultsError.self) { try ResultsReader(path: path) }
        guard case .notAnOrreryStore(path, _)? = error else {
            Issue.record("expected notAnOrreryStore, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("is not an Orrery results file") == true)

        let replace = #expect(throws: ResultsError.self) { try ResultsStore.create(at: path) }
        #expect(replace?.description.contains("refusing to replace") == true)
        #expect(throws: ResultsError.self) { try ResultsStore.create(at: path, replacing: false) }
        let db = try SQLiteDatabase(path: path, mode: .readOnly)
        #expect(try db.prepare("SELECT * FROM customers").step() == false, "foreign file left intact")
    }

    @Test func garbageFileIsRejectedAndKept() throws {
        let directory = scratch.path
        let path = directory + "/scenario.yaml"
        let garbage = Data(String(repeating: "name: not a database\n", count: 100).utf8)
        try garbage.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: ResultsError.self) { try ResultsReader(path: path) }
        guard case let .notAnOrreryStore(errorPath, reason)? = error else {
            Issue.record("expected notAnOrreryStore, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("not a database"))

        #expect(throws: ResultsError.self) { try ResultsStore.create(at: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func emptyAndMissingFilesAreNotResults() throws {
        let directory = scratch.path
        let empty = directory + "/empty.sqlite"
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: ResultsError.notAnOrreryStore(path: empty, reason: "the database is empty")) {
            try ResultsReader(path: empty)
        }
        let missing = directory + "/missing.sqlite"
        let error = #expect(throws: ResultsError.self) { try ResultsReader(path: missing) }
        #expect(error?.description.contains(missing) == true)
        #expect(!FileManager.default.fileExists(atPath: missing), "a reader never creates files")
    }

    @Test func newerSchemaVersionIsReported() throws {
        let directory = scratch.path
        let path = directory + "/future.sqlite"
        _ = try ResultsStore.create(at: path)
        try SQLiteDatabase(path: path, mode: .readWrite).execute("""
            PRAGMA user_version = 5; UPDATE meta SET value = '5' WHERE key = 'schema_version';
            """)
        let expected = ResultsError.unsupportedSchemaVersion(path: path, found: 5, supported: 4)
        #expect(throws: expected) { try ResultsReader(path: path) }
        #expect(throws: expected) { try ResultsStore.create(at: path, replacing: false) }
        #expect(expected.description.contains("newer Orrery"))
        _ = try ResultsStore.create(at: path)  // replacing an Orrery file of any version is allowed
        _ = try ResultsReader(path: path)
    }

    @Test func unwritablePathIsReported() throws {
        let directory = scratch.path
        let blocker = directory + "/blocker"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        let path = blocker + "/sub/run.sqlite"
        let error = #expect(throws: ResultsError.self) { try ResultsStore.create(at: path) }
        guard case .fileSystem(path, _)? = error else {
            Issue.record("expected fileSystem, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("cannot create directory") == true)

        let dir = directory + "/adir"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(throws: ResultsError.fileSystem(path: dir, reason: "it is a directory")) {
            try ResultsStore.create(at: dir)
        }
        #expect(FileManager.default.fileExists(atPath: dir))
    }

    @Test func outOfOrderCallsAreMisuse() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        #expect(throws: ResultsError.self) { try ResultsStore.create(at: path, batchSize: 0) }
        let store = try ResultsStore.create(at: path)
        #expect(throws: ResultsError.self) { try store.recordMetric("m", value: 1, unit: "u") }
        #expect(throws: ResultsError.self) { try store.finishRun(Fixture.outcome) }
        try store.beginRun(Fixture.runInfo)
        #expect(store.currentRunID == 1)
        #expect(throws: ResultsError.self) { try store.beginRun(Fixture.runInfo) }
        #expect(throws: ResultsError.self) { try store.recordSample(series: "nope", time: .zero, value: 1) }
        try store.declareSeries("s", unit: "u", description: "")
        #expect(throws: ResultsError.self) { try store.declareSeries("s", unit: "u", description: "") }
        var running = Fixture.outcome
        running.status = .running
        #expect(throws: ResultsError.self) { try store.finishRun(running) }
        try store.finishRun(Fixture.outcome)
        #expect(store.currentRunID == nil)
        #expect(throws: ResultsError.self) { try store.recordJob(Fixture.jobs[0]) }
    }

    @Test func readerRejectsUnknownRunsAndTables() throws {
        let directory = scratch.path
        let path = directory + "/run.sqlite"
        try Fixture.writeRun(into: ResultsStore.create(at: path))
        let reader = try ResultsReader(path: path)
        #expect(throws: ResultsError.runNotFound(path: path, runID: 9)) { try reader.metrics(run: 9) }
        #expect(throws: ResultsError.self) { try reader.tableDump("sqlite_schema; DROP TABLE runs") }
        try SQLiteDatabase(path: path, mode: .readWrite).execute(
            "PRAGMA ignore_check_constraints = 1; UPDATE runs SET status = 'exploded'")
        #expect(throws: ResultsError.malformedRow(path: path, table: "runs", reason: "run 1 has status 'exploded'")) {
            try reader.runs()
        }
    }
}
