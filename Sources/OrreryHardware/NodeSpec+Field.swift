extension NodeSpec {
    /// A numeric node field, named as scenario files spell it, so the scenario layer can
    /// apply overrides without knowing the struct layout. GPU fields are overridden on
    /// ``NodeSpec/gpu`` through ``GPUSpec/Field``.
    public enum Field: String, CaseIterable, Hashable, Sendable {
        case gpusPerNode = "gpus-per-node"
        case cpuCores = "cpu-cores"
        case hostMemory = "host-memory"
        case nics
        case nicBandwidth = "nic-bandwidth"
        case nvSwitches = "nvswitches"
        case maxPower = "max-power"

        /// The physical kind of value, and so the unit, ``NodeSpec/setting(_:to:)`` expects.
        public var kind: HardwareQuantityKind { rule.kind }

        var rule: QuantityRule {
            switch self {
            case .gpusPerNode, .cpuCores, .nics: QuantityRule(kind: .count)
            case .nvSwitches: QuantityRule(kind: .count, allowsZero: true)
            case .hostMemory: QuantityRule(kind: .bytes)
            case .nicBandwidth: QuantityRule(kind: .bandwidth)
            case .maxPower: QuantityRule(kind: .power)
            }
        }
    }

    /// The field's value in its kind's canonical unit. `nic-bandwidth` is therefore in
    /// bytes per second (the stored bits per second ÷ 8).
    public func value(of field: Field) -> Double {
        switch field {
        case .gpusPerNode: Double(gpusPerNode)
        case .cpuCores: Double(cpuCores)
        case .hostMemory: Double(hostMemoryBytes)
        case .nics: Double(nicCount)
        case .nicBandwidth: nicBandwidthBitsPerSecond / 8
        case .nvSwitches: Double(nvSwitchCount)
        case .maxPower: maxPowerWatts
        }
    }

    /// A copy with `field` set to `value`, given in the canonical unit of `field.kind`.
    ///
    /// Counts must be whole numbers within ``QuantityRule/maximumCount`` (so 2.5 GPUs,
    /// 1e30 cores and NaN are rejected, never trapped on). `nic-bandwidth` is a
    /// ``HardwareQuantityKind/bandwidth`` and so takes bytes per second, like every other
    /// bandwidth; it is stored ×8 as ``nicBandwidthBitsPerSecond``.
    /// - Throws: ``HardwareError/invalidValue(subject:field:value:expected:)``.
    public func setting(_ field: Field, to value: Double) throws -> NodeSpec {
        // A NIC bandwidth near Double's limit would overflow to infinity once scaled to bits.
        guard let stored = field.rule.accepted(value), field != .nicBandwidth || (stored * 8).isFinite else {
            throw HardwareError.invalidValue(
                subject: subject, field: field.rawValue, value: value, expected: field.rule.expectation)
        }
        var copy = self
        switch field {
        case .gpusPerNode: copy.gpusPerNode = Int(stored)
        case .cpuCores: copy.cpuCores = Int(stored)
        case .hostMemory: copy.hostMemoryBytes = Int(stored)
        case .nics: copy.nicCount = Int(stored)
        case .nicBandwidth: copy.nicBandwidthBitsPerSecond = stored * 8
        case .nvSwitches: copy.nvSwitchCount = Int(stored)
        case .maxPower: copy.maxPowerWatts = stored
        }
        return copy
    }
}
