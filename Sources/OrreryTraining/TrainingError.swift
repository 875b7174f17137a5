import Foundation

/// Why a training model, configuration or step cannot be built or run.
public enum TrainingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A model shape or configuration field is out of range.
    case invalidValue(subject: String, field: String, value: String, expected: String)
    /// The parallel layout does not divide the model or the cluster.
    case incompatible(String)
    /// A GPU would need more memory than it has.
    case outOfMemory(gpu: String, rank: Int, neededBytes: Double, capacityBytes: Double, breakdown: String)
    /// No strategy is registered under this name.
    case unknownStrategy(name: String, available: [String])
    /// A collective or compute op could not be started.
    case execution(String)

    public var description: String {
        switch self {
        case .invalidValue(let subject, let field, let value, let expected):
            "\(subject): \(field) is \(value), expected \(expected)"
        case .incompatible(let why): why
        case .outOfMemory(let gpu, let rank, let need, let capacity, let breakdown):
            "configuration does not fit: GPU \(gpu) (rank \(rank)) needs \(Self.gib(need)) GiB "
                + "but has \(Self.gib(capacity)) GiB (\(breakdown))"
        case .unknownStrategy(let name, let available):
            "unknown training strategy '\(name)' (available: \(available.joined(separator: ", ")))"
        case .execution(let why): "training step failed: \(why)"
        }
    }

    static func gib(_ bytes: Double) -> String {
        String(format: "%.1f", bytes / Double(1 << 30))
    }
}
