import Foundation
import OrreryResults
import Testing

@Suite struct StoreSQLiteTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    @Test func bindsAndReadsEveryStorageClass() throws {
        let directory = scratch.path
        let db = try SQLiteDatabase(path: directory + "/t.sqlite", mode: .readWriteCreate)
        try db.execute("CREATE TABLE t(i INTEGER, r REAL, s TEXT, n TEXT)")
        let insert = try db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)")
        try insert.bind(Int64.min, at: 1)
        try insert.bind(-0.1, at: 2)
        try insert.bind("it's ünïcödé\u{0}tail", at: 3)
        try insert.bindNull(at: 4)
        try insert.run()
        try insert.bind(Int64.max, at: 1)
        try insert.bind(Double.nan, at: 2)
        try insert.bind("", at: 3)
        try insert.bindNull(at: 4)
        try insert.run()

        let query = try db.prepare("SELECT i, r, s, n FROM t ORDER BY rowid")
        #expect(query.columnCount == 4)
        #expect(try query.step())
        #expect(query.int64(at: 0) == Int64.min)
        #expect(query.double(at: 1) == -0.1)
        #expect(query.text(at: 2) == "it's ünïcödé\u{0}tail")
        #expect(query.isNull(at: 3))
        #expect(query.text(at: 3) == nil)
        #expect(query.value(at: 2) == .text("it's ünïcödé\u{0}tail"))
        #expect(try query.step())
        #expect(query.int64(at: 0) == Int64.max)
        #expect(query.isNull(at: 1), "SQLite stores NaN as NULL")
        #expect(query.double(at: 1).isNaN)
        #expect(query.text(at: 2) == "", "an empty string must not become NULL")
        #expect(!query.isNull(at: 2))
        #expect(try !query.step())
    }

    @Test func valuesRenderAsUnambiguousLiterals() {
        #expect(SQLiteValue.null.description == "NULL")
        #expect(SQLiteValue.text("NULL").description == "'NULL'")
        #expect(SQLiteValue.text("it's").description == "'it''s'")
        #expect(SQLiteValue.integer(-7).description == "-7")
        #expect(SQLiteValue.real(0.1).description == "0.1")
        #expect(SQLiteValue.blob([0x00, 0xAB]).description == "X'00ab'")
    }

    @Test func errorsCarryMessagePathAndSQL() throws {
        let directory = scratch.path
        let path = directory + "/t.sqlite"
        let db = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        let error = #expect(throws: ResultsError.self) { try db.prepare("SELEKT 1") }
        guard case let .sqlite(code, message, errorPath, sql) = error else {
            Issue.record("expected an SQLite error, got \(String(describing: error))")
            return
        }
        #expect(code == 1)
        #expect(message.contains("syntax error"))
        #expect(errorPath == path)
        #expect(sql == "SELEKT 1")
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("SELEKT 1") == true)

        try db.execute("CREATE TABLE u(x INTEGER PRIMARY KEY)")
        let insert = try db.prepare("INSERT INTO u VALUES (?1)")
        try insert.bind(Int64(1), at: 1)
        try insert.run()
        #expect(throws: ResultsError.self) { try insert.run() }  // UNIQUE constraint
        #expect(throws: ResultsError.self) { try insert.bind(Int64(1), at: 2) }  // no parameter 2
    }

    @Test func transactionsCommitOrRollBack() throws {
        let directory = scratch.path
        let db = try SQLiteDatabase(path: directory + "/t.sqlite", mode: .readWriteCreate)
        try db.execute("CREATE TABLE t(x INTEGER)")
        #expect(throws: CancellationError.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                throw CancellationError()
            }
        }
        #expect(!db.isInTransaction)
        try db.transaction { try db.execute("INSERT INTO t VALUES (2)") }
        let query = try db.prepare("SELECT group_concat(x) FROM t")
        #expect(try query.step())
        #expect(query.text(at: 0) == "2")
    }

    @Test func readOnlyConnectionsCannotWriteOrCreate() throws {
        let directory = scratch.path
        let path = directory + "/t.sqlite"
        #expect(throws: ResultsError.self) { try SQLiteDatabase(path: path, mode: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try SQLiteDatabase(path: path, mode: .readWriteCreate).execute("CREATE TABLE t(x)")
        let reader = try SQLiteDatabase(path: path, mode: .readOnly)
        #expect(throws: ResultsError.self) { try reader.execute("INSERT INTO t VALUES (1)") }
    }
}
