internal import CSQLite3

extension SQLiteDatabase {
    /// Opens an existing `path` read-only, ready to read.
    ///
    /// A file left by a killed writer has a hot journal that must be rolled back before
    /// anyone may read it, and a read-only connection cannot do that: it fails with
    /// SQLITE_READONLY_ROLLBACK (`SQLITE_READONLY | 3 << 8`, a macro Swift cannot import).
    /// Then the file is opened read-write once to roll the unfinished batch back — exactly
    /// what `sqlite3` or pandas would do on open — and reopened read-only.
    static func openForReading(_ path: String) throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: path, mode: .readOnly)
        do {
            try db.execute("SELECT count(*) FROM sqlite_schema")
            return db
        } catch let ResultsError.sqlite(code, _, _, _) where code == SQLITE_READONLY | (3 << 8) {
            try SQLiteDatabase(path: path, mode: .readWrite).execute("SELECT count(*) FROM sqlite_schema")
            return try SQLiteDatabase(path: path, mode: .readOnly)
        } catch let ResultsError.sqlite(code, message, _, _) where code & 0xFF == SQLITE_NOTADB {
            throw ResultsError.notAnOrreryStore(path: path, reason: message)
        }
    }
}
