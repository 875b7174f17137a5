import Foundation

/// File-system chores around a results file: making its directory and clearing the way
/// for a new run without ever deleting something that is not a results file.
enum StoreFile {
    /// SQLite's rollback journal for `path`: present while a batch is open, and "hot"
    /// (rolled back by the next opener) if the writer died mid-batch.
    static func journalPath(for path: String) -> String { path + "-journal" }

    /// Creates the directory that will hold `path`, with intermediates.
    static func prepareDirectory(for path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ResultsError.fileSystem(path: path, reason: "cannot create directory \(directory): \(error.localizedDescription)")
        }
    }

    /// Removes a previous results file (and any journal) at `path`. Refuses — rather than
    /// deletes — a directory or a file Orrery did not write, so a mistyped output path
    /// cannot destroy a scenario or someone else's database. Empty files are replaced.
    static func removeExisting(at path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            try remove(journalPath(for: path))
            return
        }
        guard !isDirectory.boolValue else {
            throw ResultsError.fileSystem(path: path, reason: "it is a directory")
        }
        if try size(of: path) > 0 {
            do {
                _ = try Schema.identify(SQLiteDatabase(path: path, mode: .readWrite))
            } catch let ResultsError.notAnOrreryStore(_, reason) {
                throw ResultsError.fileSystem(
                    path: path, reason: "refusing to replace a file that is not an Orrery results file (\(reason))")
            }
        }
        try remove(path)
        try remove(journalPath(for: path))
    }

    private static func size(of path: String) throws -> Int {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ResultsError.fileSystem(path: path, reason: error.localizedDescription)
        }
    }

    private static func remove(_ file: String) throws {
        guard FileManager.default.fileExists(atPath: file) else { return }
        do {
            try FileManager.default.removeItem(atPath: file)
        } catch {
            throw ResultsError.fileSystem(path: file, reason: "cannot remove it: \(error.localizedDescription)")
        }
    }
}
