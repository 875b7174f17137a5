/// Why the bandwidth model rejected a request. The C model never aborts: every bad
/// input comes back as one of these, with the model's own message.
public struct FlowError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A NaN, infinite or negative number, a non-positive weight, a repeated link.
        case invalidValue
        case unknownLink
        case unknownFlow
        case emptyRoute
        case outOfMemory
        /// A time earlier than one the network has already seen.
        case timeWentBack
        /// ``FlowNetwork/checkInvariants()`` found a violation (a bug in the model).
        case invariantViolated
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
