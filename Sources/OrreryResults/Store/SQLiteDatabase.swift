internal import CSQLite3

/// An open SQLite connection: the one object in the results layer with a lifetime.
///
/// A thin wrapper, not an ORM: SQL goes in as text, every result code other than
/// success becomes a thrown ``ResultsError`` naming the file and the SQL. The
/// connection closes when the last reference goes away (statements keep their
/// database alive, so closing never races an unfinalized statement).
///
/// A connection is used by one thread at a time (a store belongs to the thread that
/// writes its rows, ``BackgroundRows``; parallel runs write part files of their own), so
/// it is opened without SQLite's per-connection mutex, which every call took: about
/// 700,000 lock and unlock pairs for a `gavel-max-min` run's rows on the Philly trace.
public final class SQLiteDatabase {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Read only; the file must exist. Used by readers so a report can never alter a run.
        case readOnly
        /// Read and write; the file must exist.
        case readWrite
        /// Read and write, creating the file if needed. Used by the writer.
        case readWriteCreate
    }

    /// How long a connection waits for another connection's lock before giving up, in
    /// milliseconds. Commits hold the lock briefly; a reader polling a live run and the
    /// writer committing a batch wait for each other rather than failing.
    public static let busyTimeoutMilliseconds: Int32 = 5_000

    /// The path the connection was opened with (for error messages).
    public let path: String
    let handle: OpaquePointer

    /// Opens (or, for ``Mode/readWriteCreate``, creates) the database at `path`.
    /// URIs are not interpreted: `path` is always a plain file name.
    public init(path: String, mode: Mode) throws {
        let flags: Int32 = switch mode {
        case .readOnly: SQLITE_OPEN_READONLY
        case .readWrite: SQLITE_OPEN_READWRITE
        case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw ResultsError.sqlite(code: rc, message: message, path: path, sql: nil)
        }
        self.path = path
        self.handle = db
        sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
    }

    deinit {
        // close_v2 defers the close until any statement still alive is finalized.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows of interest.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard rc == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            throw ResultsError.sqlite(
                code: sqlite3_extended_errcode(handle), message: message, path: path, sql: sql)
        }
    }

    /// Compiles one SQL statement for repeated use.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw error(code: rc, sql: sql)
        }
        return SQLiteStatement(database: self, handle: statement)
    }

    /// True between ``begin()`` and ``commit()``/``rollback()``. Read from SQLite rather
    /// than tracked, because SQLite itself rolls back on some errors (disk full, I/O).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Starts a deferred transaction.
    public func begin() throws { try execute("BEGIN") }

    /// Makes everything since ``begin()`` durable.
    public func commit() throws { try execute("COMMIT") }

    /// Discards everything since ``begin()``.
    public func rollback() throws { try execute("ROLLBACK") }

    /// Runs `body` inside a transaction: committed if it returns, rolled back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try begin()
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            if isInTransaction { try? rollback() }
            throw error
        }
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Builds the error for a failed call, using the connection's current message.
    func error(code: Int32, sql: String?) -> ResultsError {
        let extended = sqlite3_extended_errcode(handle)
        // The connection's code can be stale for calls that fail before touching it.
        let reported = extended & 0xFF == code & 0xFF ? extended : code
        return .sqlite(
            code: reported, message: String(cString: sqlite3_errmsg(handle)), path: path, sql: sql)
    }
}
