import OrreryKernel

extension FailureModel {
    /// The footprint Llama 3 405B was trained on: 16,384 H100 GPUs in 2,048 eight-GPU
    /// servers, two servers (16 GPUs) per rack under one top-of-rack switch (Llama 3 paper,
    /// §3.3.1), so 1,024 ToR switches.
    public static let llama3Footprint = (gpus: 16_384, nodes: 2_048, leafSwitches: 1_024, days: 54.0)

    /// Llama 3 Table 5 (The Llama 3 Herd of Models, 2024): unexpected interruptions in a
    /// 54-day snapshot of 405B pre-training, by root cause, with the component each is
    /// counted per and whether the job had to move off the struck hardware.
    public static let llama3Table5: [(name: String, count: Int, scope: ComponentScope, replace: Bool)] = [
        ("gpu", 148, .gpu, true),
        ("hbm", 72, .gpu, true),
        ("software-bug", 54, .node, false),
        ("switch-cable", 35, .leafSwitch, true),
        ("host-maintenance", 32, .node, true),
        ("sram", 19, .gpu, true),
        ("gpu-system-processor", 17, .gpu, true),
        ("nic", 7, .nic, true),
        ("nccl-watchdog", 7, .node, false),
        ("silent-data-corruption", 6, .gpu, true),
        ("thermal-interface", 6, .gpu, true),
        ("ssd", 3, .node, true),
        ("power-supply", 3, .node, true),
        ("chassis", 2, .node, true),
        ("io-board", 2, .node, true),
        ("dependency", 2, .job, false),
        ("cpu", 2, .node, true),
        ("system-memory", 2, .node, true),
    ]

    /// The `llama3-h100-2024` preset: every Table 5 cause as an exponential process with
    /// rate = count / (components of its scope in ``llama3Footprint`` × 54 days × 24 h).
    ///
    /// Repairs (swapped-out nodes rejoining the spare pool) are assumed lognormal with a
    /// median of 24 h for node hardware and 4 h for a switch or cable; the paper gives none.
    public static let llama3H100_2024: FailureModel = {
        let hours = llama3Footprint.days * 24
        let modes = llama3Table5.map { entry in
            let components: Int
            switch entry.scope {
            case .gpu, .nic: components = llama3Footprint.gpus
            case .node: components = llama3Footprint.nodes
            case .leafSwitch: components = llama3Footprint.leafSwitches
            case .job: components = 1
            }
            let repair: Distribution = entry.scope == .leafSwitch
                ? .lognormal(median: 4, sigma: 0.5) : .lognormal(median: 24, sigma: 0.75)
            // The table's values are valid by construction.
            return try! FailureMode(
                name: entry.name, scope: entry.scope, ratePerComponentHour: Double(entry.count) / (Double(components) * hours),
                requiresReplacement: entry.replace, repairHours: repair)
        }
        return FailureModel(unchecked: modes)
    }()

    /// Built-in failure presets by name.
    public static func preset(named name: String) throws(ResilienceError) -> FailureModel {
        switch name.lowercased() {
        case "llama3-h100-2024": return .llama3H100_2024
        case "none": return .none
        default: throw .invalidParameter(name: "failures.preset", value: name, expected: "llama3-h100-2024 or none")
        }
    }
}
