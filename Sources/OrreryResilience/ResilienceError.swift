/// A resilience, checkpoint, storage or power parameter that cannot be used.
public enum ResilienceError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `name` (a dotted path such as `checkpoint.intervalSeconds`) had `value`; `expected` says what fits.
    case invalidParameter(name: String, value: String, expected: String)
    /// The topology is too small for the job's footprint.
    case topologyTooSmall(jobNodes: Int, topologyNodes: Int)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            "invalid \(name): \(value) (expected \(expected))"
        case .topologyTooSmall(let jobNodes, let topologyNodes):
            "the job needs \(jobNodes) nodes but the topology has \(topologyNodes)"
        }
    }
}
