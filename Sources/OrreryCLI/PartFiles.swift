import Foundation

/// A private directory of part files for runs made in parallel (``ParallelRuns``'s child
/// processes, ``ThreadedRuns``'s threads), each gathered into the one results file
/// afterwards; removed with ``remove()``.
struct PartFiles {
    let directory: URL

    /// Creates the directory `orrery-<kind>-<process id>` in the temporary directory.
    init(kind: String) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("orrery-\(kind)-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The path of part `index`.
    func path(_ index: Int) -> String { directory.appendingPathComponent("part-\(index).sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
