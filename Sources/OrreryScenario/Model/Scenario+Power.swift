import OrreryKernel
import OrreryResilience

/// The `power` section: facility efficiency, caps, carbon and prices.
///
/// ```yaml
/// power:
///   pue: 1.1
///   grid-intensity: 0.41kg/kWh
///   price: { energy: 0.08$/kWh, gpu-hour: 2.5$ }
///   cap: 24MW                       # or null, or a schedule:
///   # cap: [ { at: 10d, watts: 20MW }, { at: 20d, watts: null } ]
///   racks: { nodes: 2, cap: 20kW }  # racks of the job's nodes and a per-rack IT cap
/// ```
/// Without `racks`, nodes whose scale-up domain spans several nodes (GB200 NVL72) form
/// racks of one domain each.
/// The per-phase GPU and node figures come from the cluster's node type
/// (`PowerModel(node:)`, `docs/resilience.md`); this section sets what surrounds them.
public struct PowerSettings: Sendable, Equatable {
    public var powerUsageEffectiveness = 1.1
    public var caps: [PowerCapChange] = []
    public var cost = try! CostModel()  // the defaults are valid
    /// `racks`: nodes per rack and an optional rack cap; nil when not given.
    public var racks: RackPower?
}

extension PowerSettings {
    init(_ node: ConfigNode) throws(ScenarioError) {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["pue", "grid-intensity", "price", "cap", "racks"])
        if let pue = map.optional("pue") {
            powerUsageEffectiveness = try pue.double()
            guard powerUsageEffectiveness.isFinite, powerUsageEffectiveness >= 1 else {
                throw pue.error("expected a PUE ≥ 1, like 1.1, found \(powerUsageEffectiveness)")
            }
        }
        var gramsPerKWh = cost.gridGramsCO2PerKilowattHour
        var energyPrice = cost.pricePerKilowattHour
        var gpuHourPrice = cost.pricePerGPUHour
        if let grid = map.optional("grid-intensity") {
            gramsPerKWh = try grid.quantity(.carbonIntensity) * 1000  // kg/kWh → g/kWh
        }
        if let price = map.optional("price") {
            let priceMap = try price.mapping()
            try priceMap.checkKeys(allowed: ["energy", "gpu-hour"])
            if let energy = priceMap.optional("energy") { energyPrice = try energy.quantity(.energyPrice) }
            if let gpuHour = priceMap.optional("gpu-hour") { gpuHourPrice = try gpuHour.quantity(.money) }
        }
        do {
            cost = try CostModel(pricePerGPUHour: gpuHourPrice, pricePerKilowattHour: energyPrice,
                                 gridGramsCO2PerKilowattHour: gramsPerKWh)
        } catch {
            throw node.error(error.description)
        }
        if let cap = map.optional("cap") { caps = try Self.caps(cap) }
        if let racksNode = map.optional("racks") {
            let racksMap = try racksNode.mapping()
            try racksMap.checkKeys(allowed: ["nodes", "cap"])
            let nodes = try racksMap.required("nodes").int(in: 1...1_000_000)
            let cap = try racksMap.optional("cap").map { node throws(ScenarioError) in try Self.positiveWatts(node) }
            do { racks = try RackPower(nodesPerRack: nodes, capWatts: cap) } catch { throw racksNode.error(error.description) }
        }
    }

    private static func caps(_ node: ConfigNode) throws(ScenarioError) -> [PowerCapChange] {
        guard case .sequence(let entries) = node.content else {
            return [PowerCapChange(at: .zero, facilityWatts: try positiveWatts(node))]
        }
        var caps: [PowerCapChange] = []
        for entry in entries {
            let map = try entry.mapping()
            try map.checkKeys(allowed: ["at", "watts"])
            let atNode = try map.required("at")
            let at = try atNode.duration()
            if let last = caps.last, at < last.at { throw atNode.error("cap changes must be in time order") }
            let watts = try map.optional("watts").map { node throws(ScenarioError) in try positiveWatts(node) }
            caps.append(PowerCapChange(at: at, facilityWatts: watts))
        }
        return caps
    }

    private static func positiveWatts(_ node: ConfigNode) throws(ScenarioError) -> Double {
        let watts = try node.quantity(.power)
        guard watts > 0 else { throw node.error("expected a power cap > 0, like 24MW") }
        return watts
    }
}
