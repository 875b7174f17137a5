extension GPUSpec {
    /// Checks every invariant a `GPUSpec` promises: each field within its rule, one peak
    /// per precision and at least one, idle power no higher than TDP.
    func validate() throws {
        for field in Field.allCases {
            guard let value = value(of: field) else { continue }
            guard field.rule.accepted(value) == value else {
                throw HardwareError.invalidValue(
                    subject: subject, field: field.rawValue, value: value, expected: field.rule.expectation)
            }
        }
        guard !peakDenseFLOPSPerSecond.isEmpty else { throw HardwareError.noPeakFLOPS(gpu: name) }
        for (index, entry) in peakDenseFLOPSPerSecond.enumerated().dropFirst()
        where entry.precision == peakDenseFLOPSPerSecond[index - 1].precision {
            throw HardwareError.duplicatePeak(gpu: name, precision: entry.precision)
        }
        try checkIdleWithinTDP()
    }

    func checkIdleWithinTDP() throws {
        guard idlePowerWatts <= tdpWatts else {
            throw HardwareError.idlePowerAboveTDP(gpu: name, idleWatts: idlePowerWatts, tdpWatts: tdpWatts)
        }
    }
}
