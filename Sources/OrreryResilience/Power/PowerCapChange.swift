import OrreryKernel

/// A facility power cap taking effect at a time (nil lifts it).
public struct PowerCapChange: Sendable, Equatable {
    public var at: SimTime
    public var facilityWatts: Double?

    public init(at: SimTime, facilityWatts: Double?) {
        self.at = at
        self.facilityWatts = facilityWatts
    }
}
