import Foundation
import Testing
@testable import OrreryScenario

/// Shared helpers for the document tests: in-memory parsing and temporary files.

/// Parses `yaml` as the file `test.yaml`.
func parse(_ yaml: String) throws(ScenarioError) -> ConfigDocument {
    try ConfigDocument.parse(text: yaml, file: "test.yaml")
}

/// The root mapping of `yaml`.
func rootMapping(_ yaml: String) throws(ScenarioError) -> ConfigMapping {
    try parse(yaml).root.mapping()
}

/// The node under key `v` in `v: <yaml>`, for testing accessors on one value.
func value(_ yaml: String) throws(ScenarioError) -> ConfigNode {
    try rootMapping("v: " + yaml).required("v")
}

/// The error `body` throws, recorded as a test failure when it does not throw.
func failure<T>(_ body: () throws(ScenarioError) -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ScenarioError? {
    do {
        let result = try body()
        Issue.record("expected an error, got \(result)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A fresh directory under the system temporary directory, removed by `body`'s caller.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-doc-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

/// Writes `bytes` to `name` in `directory` and returns the path.
func write(_ bytes: [UInt8], to name: String, in directory: String) throws -> String {
    let path = directory + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct DocumentTestSupportTests {
    @Test func failureHelperReportsTheThrownError() {
        let error = failure { () throws(ScenarioError) -> Int in throw ScenarioError(file: "f", message: "m") }
        #expect(error?.message == "m")
    }
}
