import Foundation
import Testing
@testable import OrreryScenario

@Suite struct DocumentLoadTests {
    @Test func loadsAFileAndHashesItsBytes() throws {
        try withTemporaryDirectory { directory in
            let text = "cluster:\n  nodes: 4\n"
            let path = try write(Array(text.utf8), to: "s.yaml", in: directory)
            let document = try ConfigDocument.load(path: path)
            #expect(document.file == path)
            #expect(document.text == text)
            #expect(document.contentHash == SHA256.hex(Array(text.utf8)))
            #expect(document.contentHash == (try parse(text)).contentHash)
            #expect(try document.root.mapping().required("cluster").mapping().required("nodes").int() == 4)
        }
    }

    @Test func missingFileSaysWhereItLooked() throws {
        let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: "/nonexistent/orrery/scenario.yaml") }
        #expect(error?.description == "/nonexistent/orrery/scenario.yaml: file not found (looked for /nonexistent/orrery/scenario.yaml)")
        #expect(error?.location == nil)
    }

    @Test func emptyPathIsNotFound() {
        let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: "") }
        #expect(error?.message.hasPrefix("file not found") == true)
    }

    @Test func directoryIsRejected() throws {
        try withTemporaryDirectory { directory in
            let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: directory) }
            #expect(error?.description == "\(directory): this is a directory; expected a YAML scenario file")
        }
    }

    @Test func pathThroughAFileIsNotFound() throws {
        try withTemporaryDirectory { directory in
            let file = try write(Array("a: 1\n".utf8), to: "s.yaml", in: directory)
            let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: file + "/inner.yaml") }
            #expect(error?.message.hasPrefix("file not found") == true)
        }
    }

    @Test func specialFilesAreRejected() {
        let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: "/dev/null") }
        #expect(error?.message == "not a regular file; expected a YAML scenario file")
    }

    @Test func hugeFilesAreRefusedBeforeReading() throws {
        try withTemporaryDirectory { directory in
            let path = try write([], to: "big.yaml", in: directory)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: UInt64(ConfigDocument.maximumFileSize + 1))
            try handle.close()
            let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: path) }
            #expect(error?.message == "the file is 67108865 bytes; scenario files are limited to 64 MiB")
        }
    }

    @Test func symlinkToAFileLoads() throws {
        try withTemporaryDirectory { directory in
            let target = try write(Array("a: 1\n".utf8), to: "real.yaml", in: directory)
            let link = directory + "/link.yaml"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            #expect(try ConfigDocument.load(path: link).root.mapping().keys == ["a"])
        }
    }

    @Test func invalidUTF8PointsAtTheFirstBadByte() throws {
        try withTemporaryDirectory { directory in
            let bytes = Array("name: ok\ncity: M".utf8) + [0xFC] + Array("nchen\n".utf8)
            let path = try write(bytes, to: "latin1.yaml", in: directory)
            let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: path) }
            #expect(error?.description == "\(path):2:8: the file is not valid UTF-8 here; save it as UTF-8")
        }
    }

    @Test func truncatedMultibyteSequenceIsInvalid() throws {
        let error = failure { () throws(ScenarioError) in try ConfigDocument.decodeUTF8([0x61, 0xE2, 0x82], file: "t.yaml") }
        #expect(error?.location == SourceLocation(file: "t.yaml", line: 1, column: 2))
    }

    @Test func utf16IsNamed() throws {
        try withTemporaryDirectory { directory in
            let path = try write([0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00], to: "u16.yaml", in: directory)
            let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: path) }
            #expect(error?.message == "the file is UTF-16; save it as UTF-8")
        }
    }

    @Test func byteOrderMarkIsSkippedAndColumnsStayRight() throws {
        try withTemporaryDirectory { directory in
            let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("count: x\n".utf8)
            let path = try write(bytes, to: "bom.yaml", in: directory)
            let document = try ConfigDocument.load(path: path)
            #expect(document.text == "count: x\n")
            #expect(document.contentHash == SHA256.hex(bytes))
            let error = failure { () throws(ScenarioError) in try document.root.mapping().required("count").int() }
            #expect(error?.location == SourceLocation(file: path, line: 1, column: 8))
        }
    }

    @Test(arguments: ["", "\n\n", "# just a comment\n", "---\n", "--- ~\n", "   \n"])
    func emptyDocumentsAreOneClearError(text: String) {
        let error = failure { () throws(ScenarioError) in try parse(text) }
        #expect(error?.description == "test.yaml: the document is empty; expected a mapping of keys to values (like 'cluster: …')")
    }

    @Test func emptyFileOnDiskIsAnError() throws {
        try withTemporaryDirectory { directory in
            let path = try write([], to: "empty.yaml", in: directory)
            let error = failure { () throws(ScenarioError) in try ConfigDocument.load(path: path) }
            #expect(error?.message.hasPrefix("the document is empty") == true)
        }
    }
}
