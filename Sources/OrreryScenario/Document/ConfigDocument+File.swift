import Foundation

extension ConfigDocument {
    /// Larger files are refused before reading: a scenario is hand-written, and a huge
    /// file is almost certainly a trace or a binary named by mistake.
    static let maximumFileSize = 64 << 20

    /// Reads and parses the scenario file at `path` (relative paths resolve against the
    /// working directory). The content hash covers the file's exact bytes.
    public static func load(path: String) throws(ScenarioError) -> ConfigDocument {
        let bytes = try readRegularFile(path)
        let text = try decodeUTF8(bytes, file: path)
        return try parse(text: text, file: path, contentHash: SHA256.hex(bytes))
    }

    private static func readRegularFile(_ path: String) throws(ScenarioError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            let reason = code == ENOENT || code == ENOTDIR
                ? "file not found (looked for \(URL(fileURLWithPath: path).path))"
                : "cannot open the file: \(String(cString: strerror(code)))"
            throw ScenarioError(file: path, message: reason)
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw ScenarioError(file: path, message: "this is a directory; expected a YAML scenario file") }
        guard type == S_IFREG else { throw ScenarioError(file: path, message: "not a regular file; expected a YAML scenario file") }
        guard info.st_size <= maximumFileSize else {
            throw ScenarioError(file: path, message: "the file is \(info.st_size) bytes; scenario files are limited to \(maximumFileSize >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, message: "cannot read the file (check its permissions)")
        }
        return [UInt8](data)
    }

    /// The bytes as text, or an error at the line and column of the first byte that is not
    /// UTF-8 (the usual culprits are Latin-1 exports and UTF-16 files from Windows editors).
    static func decodeUTF8(_ bytes: [UInt8], file: String) throws(ScenarioError) -> String {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ScenarioError(file: file, message: "the file is UTF-16; save it as UTF-8")
        }
        var line = 1
        var column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            case .error:
                throw ScenarioError(
                    file: file, location: SourceLocation(file: file, line: line, column: column),
                    message: "the file is not valid UTF-8 here; save it as UTF-8")
            }
        }
    }
}
