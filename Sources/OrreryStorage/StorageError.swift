/// A storage parameter that cannot be used.
public enum StorageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `name` (a dotted path such as `storage.aggregateBytesPerSecond`) had `value`;
    /// `expected` says what fits.
    case invalidParameter(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected): "invalid \(name): \(value) (expected \(expected))"
        }
    }
}
