/// A way of parallelising a training step: it checks a job, states what each GPU must
/// hold, and expands one step into a ``StepGraph`` of compute ops and collectives on
/// concrete ranks. The engine runs any strategy's graph; a new strategy is one new type
/// conforming to this protocol (and, to be named in scenarios, one catalogue entry).
public protocol TrainingStrategy: Sendable {
    /// The name scenarios use.
    var name: String { get }
    /// Rejects jobs the strategy cannot run (say, pipeline parallelism for plain DDP).
    func validate(_ job: TrainingJob, on cluster: TrainingCluster) throws(TrainingError)
    /// What each distinct GPU role holds at its peak.
    func memory(_ costs: LayerCosts) -> [GPUMemoryNeed]
    /// Adds one step's ops to `builder`.
    func buildStep(_ costs: LayerCosts, into builder: inout StepGraphBuilder) throws(TrainingError)
}

/// Peak memory of one GPU, by kind, in bytes.
public struct GPUMemoryNeed: Hashable, Sendable {
    /// The rank the figure is for (a representative of its role).
    public var rank: Int
    public var weights: Double
    public var gradients: Double
    public var optimizer: Double
    public var activations: Double

    public init(rank: Int, weights: Double, gradients: Double, optimizer: Double, activations: Double) {
        self.rank = rank
        self.weights = weights
        self.gradients = gradients
        self.optimizer = optimizer
        self.activations = activations
    }

    public var total: Double { weights + gradients + optimizer + activations }
}

/// A checked, expanded step: what the engine runs and the reports need.
public struct StepPlan: Sendable {
    public let costs: LayerCosts
    public let graph: StepGraph
    public let memory: [GPUMemoryNeed]
    public var job: TrainingJob { costs.job }
    public var cluster: TrainingCluster { costs.cluster }
}

extension TrainingStrategy {
    /// Validates `job`, checks every GPU's memory and builds the step graph.
    /// - Throws: ``TrainingError/outOfMemory(gpu:rank:neededBytes:capacityBytes:breakdown:)``
    ///   naming the first GPU that does not fit, or the job's validation error.
    public func plan(
        _ job: TrainingJob, on cluster: TrainingCluster, calibration: TrainingCalibration = .default
    ) throws(TrainingError) -> StepPlan {
        try job.validate()
        guard job.layout.firstRank >= 0, job.layout.firstRank + job.layout.gpus <= cluster.gpus else {
            throw .incompatible(
                "\(job.layout) needs \(job.layout.gpus) GPUs from rank \(job.layout.firstRank); the cluster has \(cluster.gpus)")
        }
        let domain = cluster.node.gpusPerNode
        guard job.layout.firstRank % domain == 0 else {
            throw .incompatible("the job's first rank \(job.layout.firstRank) must start a node (multiple of \(domain))")
        }
        try Self.checkTensorGroupsInsideScaleUpDomains(job.layout, on: cluster)
        try validate(job, on: cluster)
        let costs = try LayerCosts(job: job, cluster: cluster, calibration: calibration)
        let memory = memory(costs)
        let capacity = Double(cluster.gpu.hbmCapacityBytes)
        for need in memory where need.total > capacity {
            let gib = TrainingError.gib
            throw .outOfMemory(
                gpu: "\(cluster.gpu.name) node \(need.rank / domain) slot \(need.rank % domain)", rank: need.rank,
                neededBytes: need.total, capacityBytes: capacity,
                breakdown: "weights \(gib(need.weights)), gradients \(gib(need.gradients)), "
                    + "optimizer \(gib(need.optimizer)), activations \(gib(need.activations)) GiB")
        }
        var builder = StepGraphBuilder()
        try buildStep(costs, into: &builder)
        return StepPlan(costs: costs, graph: builder.build(), memory: memory)
    }
}

extension TrainingStrategy {
    /// Tensor-parallel groups (`t` consecutive ranks) must each lie inside one scale-up
    /// domain: their collectives are priced on NVLink. A domain is a node on DGX systems
    /// and a whole rack on NVL72-class systems, so TP up to 72 is allowed there.
    static func checkTensorGroupsInsideScaleUpDomains(
        _ layout: ParallelLayout, on cluster: TrainingCluster
    ) throws(TrainingError) {
        let domain = cluster.gpusPerScaleUpDomain, t = layout.tensor
        let kind = cluster.node.nodesPerScaleUpDomain > 1
            ? "\(domain)-GPU scale-up domain (\(cluster.node.nodesPerScaleUpDomain) nodes of \(cluster.node.name))"
            : "\(domain)-GPU NVLink domain of \(cluster.node.name)"
        guard t <= domain else {
            throw .incompatible("tensor parallel \(t) does not fit the \(kind)")
        }
        var first = layout.firstRank
        while first < layout.firstRank + layout.gpus {
            guard first / domain == (first + t - 1) / domain else {
                throw .incompatible(
                    "tensor parallel \(t): the group of ranks \(first)–\(first + t - 1) straddles two of the \(kind)s; "
                        + "use a degree that divides \(domain)")
            }
            first += t
        }
    }
}

/// Strategies registered by name for scenario files.
public struct StrategyCatalogue: Sendable {
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let strategy: any TrainingStrategy
    }

    public private(set) var entries: [Entry]

    /// The built-in strategies.
    public static let builtIn = StrategyCatalogue(entries: [
        Entry(
            name: "megatron",
            summary: "tensor (+sequence), pipeline (1F1B / interleaved), data, context and expert parallelism",
            strategy: MegatronStrategy()),
        Entry(
            name: "zero", summary: "data parallel with ZeRO stage 1, 2 or 3 (the job's zero stage; 1 if unset)",
            strategy: ZeROStrategy(stage: nil)),
        Entry(
            name: "fsdp", summary: "fully sharded data parallel: per-layer all-gathers and reduce-scatters (ZeRO-3)",
            strategy: ZeROStrategy(stage: .parameters, name: "fsdp")),
        Entry(name: "ddp", summary: "plain data parallel, bucketed gradient all-reduce under backward", strategy: DDPStrategy()),
    ])

    public var names: [String] { entries.map(\.name) }

    /// The strategy called `name`.
    public func strategy(named name: String) throws(TrainingError) -> any TrainingStrategy {
        guard let entry = entries.first(where: { $0.name == name.lowercased() }) else {
            throw .unknownStrategy(name: name, available: names)
        }
        return entry.strategy
    }

    /// This catalogue with `strategy` added (or replacing one of the same name).
    public func adding(_ strategy: any TrainingStrategy, summary: String) -> StrategyCatalogue {
        var copy = self
        copy.entries.removeAll { $0.name == strategy.name }
        copy.entries.append(Entry(name: strategy.name, summary: summary, strategy: strategy))
        return copy
    }
}
