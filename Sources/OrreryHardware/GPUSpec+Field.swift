extension GPUSpec {
    /// A numeric GPU field, named as scenario files spell it, so the scenario layer can
    /// apply overrides without knowing the struct layout.
    public enum Field: String, CaseIterable, Hashable, Sendable {
        case tdp
        case idlePower = "idle-power"
        case hbmCapacity = "hbm-capacity"
        case hbmBandwidth = "hbm-bandwidth"
        case scaleUpBandwidth = "scale-up-bandwidth"
        case peakFP64 = "peak-fp64"
        case peakFP32 = "peak-fp32"
        case peakTF32 = "peak-tf32"
        case peakBF16 = "peak-bf16"
        case peakFP16 = "peak-fp16"
        case peakFP8 = "peak-fp8"
        case peakFP4 = "peak-fp4"

        /// The physical kind of value, and so the unit, ``GPUSpec/setting(_:to:)`` expects.
        public var kind: HardwareQuantityKind { rule.kind }

        /// The precision a `peak-*` field sets, or `nil` for other fields.
        public var precision: Precision? {
            switch self {
            case .peakFP64: .fp64
            case .peakFP32: .fp32
            case .peakTF32: .tf32
            case .peakBF16: .bf16
            case .peakFP16: .fp16
            case .peakFP8: .fp8
            case .peakFP4: .fp4
            case .tdp, .idlePower, .hbmCapacity, .hbmBandwidth, .scaleUpBandwidth: nil
            }
        }

        var rule: QuantityRule {
            switch self {
            case .tdp: QuantityRule(kind: .power)
            case .idlePower: QuantityRule(kind: .power, allowsZero: true)
            case .hbmCapacity: QuantityRule(kind: .bytes)
            case .hbmBandwidth, .scaleUpBandwidth: QuantityRule(kind: .bandwidth)
            case .peakFP64, .peakFP32, .peakTF32, .peakBF16, .peakFP16, .peakFP8, .peakFP4:
                QuantityRule(kind: .flopsPerSecond)
            }
        }
    }

    /// The field's value in its kind's canonical unit, or `nil` for the peak of an
    /// unsupported precision.
    public func value(of field: Field) -> Double? {
        switch field {
        case .tdp: tdpWatts
        case .idlePower: idlePowerWatts
        case .hbmCapacity: Double(hbmCapacityBytes)
        case .hbmBandwidth: hbmBandwidthBytesPerSecond
        case .scaleUpBandwidth: scaleUpBandwidthBytesPerSecond
        case .peakFP64, .peakFP32, .peakTF32, .peakBF16, .peakFP16, .peakFP8, .peakFP4:
            field.precision.flatMap(peakFLOPS)
        }
    }

    /// A copy with `field` set to `value`, given in the canonical unit of `field.kind`
    /// (W, bytes, bytes/s per direction, FLOP/s).
    ///
    /// Setting the peak of a precision the part lacks adds that precision: a scenario may
    /// model a hypothetical part ("an A100 with FP8").
    /// - Throws: ``HardwareError/invalidValue(subject:field:value:expected:)`` for a
    ///   non-finite or out-of-range value, ``HardwareError/idlePowerAboveTDP(gpu:idleWatts:tdpWatts:)``
    ///   if the result would idle above its TDP.
    public func setting(_ field: Field, to value: Double) throws -> GPUSpec {
        guard let stored = field.rule.accepted(value) else {
            throw HardwareError.invalidValue(
                subject: subject, field: field.rawValue, value: value, expected: field.rule.expectation)
        }
        var copy = self
        switch field {
        case .tdp: copy.tdpWatts = stored
        case .idlePower: copy.idlePowerWatts = stored
        case .hbmCapacity: copy.hbmCapacityBytes = Int(stored)
        case .hbmBandwidth: copy.hbmBandwidthBytesPerSecond = stored
        case .scaleUpBandwidth: copy.scaleUpBandwidthBytesPerSecond = stored
        case .peakFP64, .peakFP32, .peakTF32, .peakBF16, .peakFP16, .peakFP8, .peakFP4:
            if let precision = field.precision { copy.setPeak(stored, for: precision) }
        }
        try copy.checkIdleWithinTDP()
        return copy
    }

    /// Replaces or inserts a peak, keeping the table in ``Precision`` order.
    private mutating func setPeak(_ flopsPerSecond: Double, for precision: Precision) {
        peakDenseFLOPSPerSecond.removeAll { $0.precision == precision }
        peakDenseFLOPSPerSecond.append(PeakFLOPS(precision: precision, flopsPerSecond: flopsPerSecond))
        peakDenseFLOPSPerSecond.sort { $0.precision < $1.precision }
    }
}
