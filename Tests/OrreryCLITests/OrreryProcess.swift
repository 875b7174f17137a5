import Foundation

/// Runs the built `orrery` executable, as a user would, and captures what it prints.
struct OrreryProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, for bundled scenarios.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `orrery` sits beside the test bundle in the build products directory.
    static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("orrery")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/orrery")
    }

    /// Runs `orrery` with `arguments` in `directory`. With `signal`, sends it once the
    /// file `whenExists` appears (the run has started writing), or after 60 s.
    static func run(
        _ arguments: [String], in directory: URL = packageRoot, signal: Int32? = nil, whenExists: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let signal {
            var waited = 0.0
            while process.isRunning, waited < 60, !(whenExists.map { FileManager.default.fileExists(atPath: $0.path) } ?? true) {
                Thread.sleep(forTimeInterval: 0.05)
                waited += 0.05
            }
            Thread.sleep(forTimeInterval: 0.2)
            kill(process.processIdentifier, signal)
        }
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A fresh scratch directory holding `files`.
func scratch(_ files: [String: String] = [:]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, text) in files {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return directory
}

/// A CSV trace of `count` jobs, one a second, of 1–8 GPUs and 1–7 s: a run of seconds in
/// a debug build on one node, for tests that interrupt it.
func longTrace(jobs count: Int) -> String {
    var csv = "id,submit,duration,gpus\n"
    for i in 0..<count { csv += "j\(i),\(i),\(1 + i % 7),\(1 + i % 8)\n" }
    return csv
}

/// A scenario named `long` running the CSV trace at `path` on one DGX-A100 node.
func oneNodeScenario(trace path: String) -> String {
    """
    name: long
    cluster: { nodes: [{ type: DGX-A100, count: 1 }] }
    workloads: [{ kind: jobs, trace: { format: csv, path: \(path) } }]
    """
}
