/// Prices and grid carbon intensity that turn GPU-hours and energy into money and CO2.
public struct CostModel: Sendable, Equatable {
    /// Price of one GPU-hour (the job's GPUs, for the whole wall time), currency units.
    public var pricePerGPUHour: Double
    /// Price of one facility kWh.
    public var pricePerKilowattHour: Double
    /// Grams of CO2 per facility kWh.
    public var gridGramsCO2PerKilowattHour: Double

    public init(pricePerGPUHour: Double = 2, pricePerKilowattHour: Double = 0.08, gridGramsCO2PerKilowattHour: Double = 400)
        throws(ResilienceError)
    {
        for (field, value) in [("pricePerGPUHour", pricePerGPUHour), ("pricePerKilowattHour", pricePerKilowattHour),
                               ("gridGramsCO2PerKilowattHour", gridGramsCO2PerKilowattHour)]
        where !(value.isFinite && value >= 0) {
            throw .invalidParameter(name: "cost.\(field)", value: "\(value)", expected: "a finite value ≥ 0")
        }
        self.pricePerGPUHour = pricePerGPUHour
        self.pricePerKilowattHour = pricePerKilowattHour
        self.gridGramsCO2PerKilowattHour = gridGramsCO2PerKilowattHour
    }
}
