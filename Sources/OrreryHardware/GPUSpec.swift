/// One GPU model's datasheet figures: the inputs to the roofline and power models.
///
/// Numeric fields are read-only outside this module and validated by ``init(name:vendor:peakDenseFLOPSPerSecond:hbmCapacityBytes:hbmBandwidthBytesPerSecond:scaleUpBandwidthBytesPerSecond:tdpWatts:idlePowerWatts:)``
/// and ``setting(_:to:)``, so every `GPUSpec` in hand is usable: peaks and bandwidths are
/// finite and positive, and idle power lies in `0...tdpWatts`.
public struct GPUSpec: Hashable, Sendable {
    /// Catalogue name, e.g. `H100-SXM`.
    public var name: String
    /// Maker, e.g. `NVIDIA`, `AMD`.
    public var vendor: String
    /// Peak dense (no structured sparsity) tensor-core FLOP/s, one entry per supported
    /// precision, in ``Precision`` declaration order.
    public internal(set) var peakDenseFLOPSPerSecond: [PeakFLOPS]
    /// HBM capacity in bytes.
    public internal(set) var hbmCapacityBytes: Int
    /// Peak HBM bandwidth in bytes per second.
    public internal(set) var hbmBandwidthBytesPerSecond: Double
    /// Scale-up (NVLink, xGMI) bandwidth per GPU, per direction, in bytes per second.
    /// Datasheets quote the bidirectional sum (e.g. 900 GB/s for H100); this is half of it.
    public internal(set) var scaleUpBandwidthBytesPerSecond: Double
    /// Thermal design power in watts: the power drawn at full load.
    public internal(set) var tdpWatts: Double
    /// Power drawn while allocated but idle, in watts.
    public internal(set) var idlePowerWatts: Double

    /// The peak FLOP/s of one precision.
    public struct PeakFLOPS: Hashable, Sendable {
        public var precision: Precision
        public var flopsPerSecond: Double
    }

    /// Builds and validates a GPU specification.
    ///
    /// `peakDenseFLOPSPerSecond` lists only the precisions the part supports; it is stored
    /// in ``Precision`` order whatever order it is given in.
    /// - Throws: ``HardwareError`` if a value is out of range, a precision repeats, no
    ///   precision is given, or idle power exceeds TDP.
    public init(
        name: String, vendor: String, peakDenseFLOPSPerSecond: KeyValuePairs<Precision, Double>,
        hbmCapacityBytes: Int, hbmBandwidthBytesPerSecond: Double,
        scaleUpBandwidthBytesPerSecond: Double, tdpWatts: Double, idlePowerWatts: Double
    ) throws {
        self.init(
            uncheckedName: name, vendor: vendor, peakDenseFLOPSPerSecond: peakDenseFLOPSPerSecond,
            hbmCapacityBytes: hbmCapacityBytes, hbmBandwidthBytesPerSecond: hbmBandwidthBytesPerSecond,
            scaleUpBandwidthBytesPerSecond: scaleUpBandwidthBytesPerSecond, tdpWatts: tdpWatts,
            idlePowerWatts: idlePowerWatts)
        try validate()
    }

    /// Builds without validating: for the built-in table, whose entries the tests validate.
    init(
        uncheckedName name: String, vendor: String,
        peakDenseFLOPSPerSecond peaks: KeyValuePairs<Precision, Double>,
        hbmCapacityBytes: Int, hbmBandwidthBytesPerSecond: Double,
        scaleUpBandwidthBytesPerSecond: Double, tdpWatts: Double, idlePowerWatts: Double
    ) {
        self.name = name
        self.vendor = vendor
        self.peakDenseFLOPSPerSecond = peaks
            .map { PeakFLOPS(precision: $0.key, flopsPerSecond: $0.value) }
            .sorted { $0.precision < $1.precision }
        self.hbmCapacityBytes = hbmCapacityBytes
        self.hbmBandwidthBytesPerSecond = hbmBandwidthBytesPerSecond
        self.scaleUpBandwidthBytesPerSecond = scaleUpBandwidthBytesPerSecond
        self.tdpWatts = tdpWatts
        self.idlePowerWatts = idlePowerWatts
    }

    /// Peak dense FLOP/s at `precision`, or `nil` if the part has no such mode.
    public func peakFLOPS(_ precision: Precision) -> Double? {
        peakDenseFLOPSPerSecond.first { $0.precision == precision }?.flopsPerSecond
    }

    /// The precisions this part supports, in ``Precision`` order.
    public var supportedPrecisions: [Precision] { peakDenseFLOPSPerSecond.map(\.precision) }

    /// How errors refer to this GPU.
    var subject: String { "GPU \"\(name)\"" }
}
