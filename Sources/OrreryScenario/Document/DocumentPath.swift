/// A key path into a scenario document, as sweeps and `--set` write it:
/// `cluster.nodes[0].count`, `workloads[1].arrival.rate`, `scheduler.policy`.
///
/// Keys are separated by `.`, list elements are addressed by `[index]` counting from 0.
/// A key may hold any character but `.`, `[` and `]`; keys that contain them (rare in
/// scenarios) cannot be addressed. The text is the same form ``ConfigNode/keyPath``
/// uses, so a path printed in an error can be pasted into a sweep.
public struct DocumentPath: Hashable, Sendable, CustomStringConvertible {
    public enum Segment: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public let segments: [Segment]

    /// Parses `text`; the error says what is wrong with it, for the caller to locate.
    public init(parsing text: String) throws(PathSyntaxError) {
        var segments: [Segment] = []
        var characters = Substring(text)
        func fail(_ reason: String) -> PathSyntaxError { PathSyntaxError(path: text, reason: reason) }
        guard !text.isEmpty else { throw fail("the path is empty") }
        while let first = characters.first {
            if first == "[" {
                guard !segments.isEmpty else { throw fail("it starts with a list index; start with a top-level key such as 'cluster'") }
                guard let close = characters.firstIndex(of: "]") else { throw fail("'[' is never closed") }
                let digits = characters[characters.index(after: characters.startIndex)..<close]
                guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), digits.count <= 9, let index = Int(digits) else {
                    throw fail("'[\(digits)]' is not a list index; write a whole number ≥ 0 such as [0]")
                }
                segments.append(.index(index))
                characters = characters[characters.index(after: close)...]
                if let next = characters.first, next != ".", next != "[" {
                    throw fail("expected '.' or '[' after ']'")
                }
            } else {
                if first == "." {
                    guard !segments.isEmpty else { throw fail("it starts with '.'") }
                    characters = characters.dropFirst()
                }
                let end = characters.firstIndex { $0 == "." || $0 == "[" || $0 == "]" } ?? characters.endIndex
                let key = characters[..<end]
                guard !key.isEmpty else { throw fail("a key is missing (two dots, or a dot at the end?)") }
                if characters[end...].first == "]" { throw fail("']' without '['") }
                segments.append(.key(String(key)))
                characters = characters[end...]
            }
        }
        self.segments = segments
    }

    /// `cluster.nodes[0].count`: the form it was written in.
    public var description: String {
        var text = ""
        for segment in segments {
            switch segment {
            case .key(let key): text = ConfigNode.path(text, key: key)
            case .index(let index): text = ConfigNode.path(text, index: index)
            }
        }
        return text
    }

    /// The first key: the top-level section the path points into.
    public var section: String {
        if case .key(let key) = segments.first { return key }
        return ""
    }
}

/// A key path that cannot be read, with the reason.
public struct PathSyntaxError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot read the key path '\(path)': \(reason)" }
}
