import Foundation

/// The trace formats Orrery imports into ``JobSpec`` (Orrery's own CSV is read by the
/// scenario loader). Names are the `format:` values of a scenario's `trace:`.
public enum TraceFormat: String, CaseIterable, Sendable {
    case gavelPhilly = "gavel-philly"
    case alibabaOpenb = "alibaba-openb"
    case pollux
    case tiresias
    case phillyJobLog = "philly-job-log"
    case helios
    case acme
    case alibabaPAI = "alibaba-pai"

    /// Reads and converts a trace. `path` is a file; for `gavel-philly` it may also be a
    /// directory, whose `*.trace` files are read in name order (one per virtual cluster);
    /// for `alibaba-pai` it is the directory holding both tables, or the job table with
    /// the task table beside it.
    /// Generated ids are `<idPrefix>-<n>`, numbered across the whole trace.
    /// With `skipBadRows`, malformed rows are counted in ``ImportedTrace/badRows`` instead
    /// of failing the import (a bad header still fails).
    public func load(path: String, idPrefix: String, skipBadRows: Bool = false) throws(TraceError) -> ImportedTrace {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TraceError(file: path, message: "no such file")
        }
        if self == .alibabaPAI { return try AlibabaPAITrace.load(path: path, isDirectory: isDirectory.boolValue, skipBadRows: skipBadRows) }
        guard isDirectory.boolValue else { return try parse(try Self.read(path), file: path, idPrefix: idPrefix, skipBadRows: skipBadRows) }
        guard self == .gavelPhilly else {
            throw TraceError(file: path, message: "it is a directory; only gavel-philly (a directory of .trace files) and alibaba-pai (a directory with both tables) may be given as one")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw TraceError(file: path, message: "cannot list the directory: \(error.localizedDescription)")
        }
        let files = names.filter { $0.hasSuffix(".trace") }.sorted()
        guard !files.isEmpty else { throw TraceError(file: path, message: "the directory holds no .trace files") }
        var trace = ImportedTrace()
        for name in files {
            let file = URL(fileURLWithPath: path).appendingPathComponent(name).path
            var part = try parse(try Self.read(file), file: file, idPrefix: idPrefix, skipBadRows: skipBadRows)
            for index in part.jobs.indices { part.jobs[index].id = "\(idPrefix)-\(trace.jobs.count + index)" }
            trace.merge(part)
        }
        return trace
    }

    /// Converts trace text; `file` names it in errors (and, for Gavel, gives the tenant).
    /// `alibaba-pai` has two tables and is read with ``load(path:idPrefix:skipBadRows:)``.
    public func parse(_ text: String, file: String, idPrefix: String, skipBadRows: Bool = false) throws(TraceError) -> ImportedTrace {
        switch self {
        case .gavelPhilly:
            let tenant = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return try GavelPhillyTrace.parse(text, file: file, tenant: tenant, idPrefix: idPrefix, skipBadRows: skipBadRows)
        case .alibabaOpenb: return try AlibabaOpenbTrace.parse(text, file: file, skipBadRows: skipBadRows)
        case .pollux: return try PolluxTrace.parse(text, file: file, skipBadRows: skipBadRows)
        case .tiresias: return try TiresiasTrace.parse(text, file: file, skipBadRows: skipBadRows)
        case .phillyJobLog: return try PhillyJobLog.parse(text, file: file, skipBadRows: skipBadRows)
        case .helios, .acme: return try HeliosAcmeTrace.parse(text, file: file, skipBadRows: skipBadRows)
        case .alibabaPAI:
            throw TraceError(file: file, message: "alibaba-pai needs its job and task tables: give the path of the directory or the job table")
        }
    }

    static func read(_ path: String) throws(TraceError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw TraceError(file: path, message: "it is not readable") }
        guard let text = String(data: data, encoding: .utf8) else { throw TraceError(file: path, message: "it is not UTF-8 text") }
        return text
    }
}
