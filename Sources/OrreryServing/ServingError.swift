/// A serving configuration that cannot be simulated (a model that does not fit, a
/// nonsensical limit). Raised before the run starts, never in the middle of it.
public enum ServingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): "invalid serving configuration: \(message)"
        }
    }
}
