/// The work one op does on one GPU: what the roofline needs to price it.
///
/// Plain data with no validation on construction, because training models build many of
/// these per step; ``Roofline/time(of:on:efficiency:)`` rejects bad values when pricing.
public struct OpCost: Hashable, Sendable {
    /// Floating-point operations (a multiply-add counts as 2).
    public var flops: Double
    /// Bytes moved to and from HBM.
    public var bytes: Double
    /// The format the FLOPs run in; selects the GPU's peak.
    public var precision: Precision

    public init(flops: Double, bytes: Double, precision: Precision) {
        self.flops = flops
        self.bytes = bytes
        self.precision = precision
    }
}
