internal import CSQLite3

/// A compiled SQL statement, reused for many rows: bind, ``step()``, ``reset()``.
///
/// Parameter and column indexes follow SQLite: parameters count from 1, columns from 0.
/// Binding copies text into SQLite, so nothing here holds on to Swift storage; the hot
/// path (bind numbers and a short string, step, reset) allocates nothing on the Swift side.
public final class SQLiteStatement {
    /// Kept so the connection outlives the statement and errors can name the file.
    public let database: SQLiteDatabase
    let handle: OpaquePointer

    init(database: SQLiteDatabase, handle: OpaquePointer) {
        self.database = database
        self.handle = handle
    }

    deinit { sqlite3_finalize(handle) }

    /// The statement's SQL text, as prepared.
    public var sql: String { sqlite3_sql(handle).map { String(cString: $0) } ?? "" }

    // MARK: Binding

    public func bind(_ value: Int64, at index: Int) throws {
        try check(sqlite3_bind_int64(handle, Int32(clamping: index), value))
    }

    /// Binds a double. SQLite has no NaN: a NaN is stored as NULL.
    public func bind(_ value: Double, at index: Int) throws {
        try check(sqlite3_bind_double(handle, Int32(clamping: index), value))
    }

    public func bind(_ value: String, at index: Int) throws {
        var text = value
        let rc = text.withUTF8 { utf8 -> Int32 in
            guard let count = Int32(exactly: utf8.count) else { return SQLITE_TOOBIG }
            guard let base = utf8.baseAddress else {
                // An empty buffer may have no address; a null pointer would bind NULL, not "".
                return orrery_sqlite3_bind_text_transient(handle, Int32(clamping: index), "", 0)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                orrery_sqlite3_bind_text_transient(handle, Int32(clamping: index), $0, count)
            }
        }
        try check(rc)
    }

    public func bindNull(at index: Int) throws {
        try check(sqlite3_bind_null(handle, Int32(clamping: index)))
    }

    /// Binds the value, or NULL for `nil`.
    public func bind(_ value: Int64?, at index: Int) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds the text, or NULL for `nil`.
    public func bind(_ value: String?, at index: Int) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    // MARK: Stepping

    /// Advances the statement. Returns `true` when a result row is available, `false`
    /// when the statement has finished.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw database.error(code: rc, sql: sql)
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    ///
    /// Does not throw: `sqlite3_reset` only repeats the error of the last ``step()``,
    /// which that call already threw.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Steps through to completion and rewinds: for INSERT/UPDATE statements.
    public func run() throws {
        defer { reset() }
        while try step() {}
    }

    // MARK: Columns

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func isNull(at column: Int) -> Bool {
        sqlite3_column_type(handle, Int32(clamping: column)) == SQLITE_NULL
    }

    /// The column as an integer (0 for NULL, per SQLite's conversion rules).
    public func int64(at column: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(clamping: column))
    }

    /// The column as an integer, or `nil` for NULL.
    public func optionalInt64(at column: Int) -> Int64? {
        isNull(at: column) ? nil : int64(at: column)
    }

    /// The column as a double (NaN for NULL, since NaN is what was stored as NULL).
    public func double(at column: Int) -> Double {
        isNull(at: column) ? .nan : sqlite3_column_double(handle, Int32(clamping: column))
    }

    /// The column as text, or `nil` for NULL. Embedded NULs are kept.
    public func text(at column: Int) -> String? {
        let index = Int32(clamping: column)
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column with its storage class, for generic dumps.
    public func value(at column: Int) -> SQLiteValue {
        let index = Int32(clamping: column)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return .text(text(at: column) ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw database.error(code: rc, sql: sql) }
    }
}
