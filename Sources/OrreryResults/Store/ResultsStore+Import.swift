extension ResultsStore {
    /// Appends every run of another results file to this one, in the other file's run
    /// order, each under a new `run_id` after this file's last, with all its rows (jobs,
    /// requests, failures, checkpoints, series, samples, metrics). Used to gather
    /// replications run in parallel processes into one file.
    /// - Throws: ``ResultsError/notAnOrreryStore(path:reason:)`` or
    ///   ``ResultsError/unsupportedSchemaVersion(path:found:supported:)`` for a file that
    ///   is not a results file of this version; misuse while a run is being recorded.
    public func appendRuns(from path: String) throws {
        if let currentRunID {
            throw ResultsError.misuse(path: self.path, reason: "run \(currentRunID) is still in progress; finish it first")
        }
        _ = try ResultsReader(path: path)  // checks the file and its schema version
        try flush()
        let attach = try db.prepare("ATTACH DATABASE ?1 AS source")
        try attach.bind(path, at: 1)
        try attach.run()
        defer { try? db.execute("DETACH DATABASE source") }
        try db.transaction {
            let last = try db.prepare("SELECT coalesce(max(run_id), 0) FROM main.runs")
            let offset = try last.step() ? last.int64(at: 0) : 0
            for table in Schema.tables where table != "meta" {
                let columns = try columnNames(of: table)
                let selected = columns.map { $0 == "run_id" ? "run_id + \(offset)" : $0 }
                try db.execute("""
                    INSERT INTO main.\(table)(\(columns.joined(separator: ", ")))
                    SELECT \(selected.joined(separator: ", ")) FROM source.\(table) ORDER BY rowid
                    """)
            }
        }
    }

    private func columnNames(of table: String) throws -> [String] {
        let info = try db.prepare("PRAGMA main.table_info(\(table))")
        var names: [String] = []
        while try info.step() {
            if let name = info.text(at: 1) { names.append(name) }
        }
        return names
    }
}
