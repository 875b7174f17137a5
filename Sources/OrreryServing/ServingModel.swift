import OrreryKernel

/// An LLM serving deployment on the kernel's ``Simulation``: requests arrive from a
/// trace, the router sends each to a replica, and replicas batch continuously.
///
/// Arrivals are scheduled one at a time (the next is scheduled when the current one
/// fires), so the event queue holds at most one arrival plus one iteration per replica.
/// Requests whose prompt + output exceed the model's context length are rejected on
/// arrival, as vLLM rejects them.
public final class ServingModel: EventHandler {
    public let configuration: ServingConfiguration
    /// The requests in arrival order (stable for equal arrivals).
    public let requests: [ServingRequest]
    unowned let simulation: Simulation
    let table: SequenceTable
    /// The schedulers: `enginesPerReplica` per replica (its pipeline's virtual engines,
    /// one without pipeline parallelism), replica `r` owning engines `r·P ..< (r+1)·P`.
    let engines: [Replica]
    let enginesPerReplica: Int
    private var router: Router
    private var nextArrival = 0

    // The fleet: which replicas take requests, and how long each has held its GPUs.
    // Without an autoscaler every replica is ready from time zero to the end.
    /// Replica indices the router may choose, ascending.
    var ready: [Int]
    var state: [ReplicaState]
    /// When each replica last started holding its GPUs (ns), or −1 while off.
    var provisionedSince: [Int64]
    /// When each replica last became ready to take requests (zero for the initial ones).
    var readySince: [SimTime]
    /// Seconds each replica held its GPUs in earlier, finished spells.
    var provisionedSeconds: [Double]
    /// Each replica's busy time at the last autoscaling decision.
    var busyAtLastDecision: [SimTime]
    var scaleUps = 0
    var scaleDowns = 0
    var peakProvisioned: Int

    /// Decode replicas of a disaggregated deployment (empty otherwise).
    let decodePool: [Int]
    /// Prompt + output tokens of sequences whose KV is on its way to each replica.
    var incomingTokens: [Int]
    /// Seconds each finished KV transfer took, set-up included, in completion order.
    var transferSeconds: [Double] = []

    /// Where KV caches and weights move; nil when the deployment moves no bytes
    /// (neither disaggregated nor autoscaled).
    public let network: ServingNetwork?
    /// Each replica's GPUs in ``network``'s topology.
    public let placement: ReplicaPlacement

    /// Event tags: arrivals, autoscaling decisions, and a started replica having booted
    /// (`firstBootedTag + replica`), which then loads its weights.
    static let arrivalTag = 0
    static let decisionTag = 1
    static let firstBootedTag = 2

    /// Validates the configuration and schedules the first arrival.
    ///
    /// - Parameters:
    ///   - network: the fabric and storage KV transfers and weight loads use; by default a
    ///     disaggregated or autoscaled deployment gets its own
    ///     (``ServingNetwork/defaultNode(gpu:nicBytesPerSecond:catalogue:)`` wired by
    ///     ``ServingNetwork/defaultTopology(node:nodes:)``).
    ///   - placement: each replica's GPUs in the network's topology; by default packed
    ///     from rank 0 (``ReplicaPlacement/packed(replicas:gpusPerReplica:gpusPerNode:firstNode:)``).
    public init(
        simulation: Simulation, configuration: ServingConfiguration, requests: [ServingRequest],
        network: ServingNetwork? = nil, placement: ReplicaPlacement? = nil
    ) throws(ServingError) {
        try configuration.validate()
        for request in requests where request.promptTokens < 1 || request.outputTokens < 1 || request.arrival < .zero {
            throw .invalidConfiguration(
                "request \(request.id): needs arrival ≥ 0 and prompt and output tokens ≥ 1")
        }
        self.configuration = configuration
        self.simulation = simulation
        self.requests = requests.enumerated()
            .sorted { ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset) }
            .map(\.element)
        let table = SequenceTable(self.requests)
        self.table = table
        var built: [Replica] = []
        let capacity = Swift.max(configuration.replicas, configuration.autoscaler?.maxReplicas ?? 0)
        let prefillPool = configuration.disaggregation?.prefillReplicas
        enginesPerReplica = configuration.replica.pipelineParallel
        for index in 0..<capacity {
            let role: ReplicaRole = prefillPool.map { index < $0 ? .prefill : .decode } ?? .combined
            for _ in 0..<enginesPerReplica {
                built.append(
                    try Replica(
                        index: index, configuration: configuration.replica, simulation: simulation, table: table, role: role,
                        fastForwardDecodes: configuration.replica.fastForwardDecodes))
            }
        }
        engines = built
        (self.network, self.placement) = try Self.networkAndPlacement(
            configuration: configuration, capacity: capacity, simulation: simulation, network: network,
            placement: placement)
        incomingTokens = Array(repeating: 0, count: capacity)
        let initial = configuration.replicas
        decodePool = prefillPool.map { Array($0..<initial) } ?? []
        // Arrivals go to the prefill pool when disaggregated.
        ready = Array(0..<(prefillPool ?? initial))
        ready.reserveCapacity(capacity)
        state = (0..<capacity).map { $0 < initial ? .ready : .off }
        provisionedSince = (0..<capacity).map { $0 < initial ? 0 : -1 }
        provisionedSeconds = Array(repeating: 0, count: capacity)
        readySince = Array(repeating: .zero, count: capacity)
        busyAtLastDecision = Array(repeating: .zero, count: capacity)
        peakProvisioned = initial
        router = Router(policy: configuration.routing, streamName: configuration.routerStreamName, random: simulation.random)
        if prefillPool != nil {
            for replica in engines where replica.role == .prefill {
                replica.onHandOff = { [unowned self] slot, from in self.startTransfer(slot, from: from) }
            }
        }
        if let first = self.requests.first {
            simulation.schedule(at: first.arrival, handler: self, tag: Self.arrivalTag)
            if let autoscaler = configuration.autoscaler {
                simulation.schedule(at: first.arrival + autoscaler.interval, handler: self, tag: Self.decisionTag)
            }
        }
    }

    public func handleEvent(tag: Int, at time: SimTime) {
        switch tag {
        case Self.arrivalTag: arrive()
        case Self.decisionTag: autoscale(at: time)
        default: loadWeights(tag - Self.firstBootedTag)
        }
    }

    private func arrive() {
        let slot = nextArrival
        nextArrival += 1
        if nextArrival < requests.count {
            simulation.schedule(at: requests[nextArrival].arrival, handler: self, tag: Self.arrivalTag)
        }
        if !configuration.replica.model.holds(promptTokens: table.prompt[slot], outputTokens: table.output[slot]) {
            table.rejected[slot] = true
            return
        }
        let choice = router.choose(
            among: ready, load: outstandingTokens(ofReplica:),
            uncachedPromptTokens: { [self] r in
                let hits = engines(of: r).reduce(0) { Swift.max($0, $1.cachedPrefixBlocks(of: slot)) }
                return table.prompt[slot] - hits * configuration.replica.prefixBlockTokens
            })
        engine(for: choice).enqueue(slot)
    }

    /// Replica `r`'s engines.
    func engines(of r: Int) -> ArraySlice<Replica> { engines[(r * enginesPerReplica)..<((r + 1) * enginesPerReplica)] }

    /// Prompt + output tokens of unfinished requests at replica `r` (the routers' load signal).
    func outstandingTokens(ofReplica r: Int) -> Int {
        guard enginesPerReplica > 1 else { return engines[r].outstandingTokens }
        return engines(of: r).reduce(0) { $0 + $1.outstandingTokens }
    }

    /// The engine of replica `r` a new sequence joins: the one with the fewest unfinished
    /// sequences (vLLM's choice among its virtual engines), ties to the first.
    func engine(for r: Int) -> Replica {
        guard enginesPerReplica > 1 else { return engines[r] }
        var best = engines[r * enginesPerReplica]
        for engine in engines(of: r).dropFirst()
        where engine.runningCount + engine.waitingCount < best.runningCount + best.waitingCount { best = engine }
        return best
    }

    /// Requests that have arrived so far.
    public var arrivedCount: Int { nextArrival }

    /// Whether every request has arrived and none is left in any replica.
    var isDrained: Bool { nextArrival == requests.count && engines.allSatisfy { $0.outstandingTokens == 0 } }

    /// Preemptions (for recompute or by swap), summed over replicas.
    public var preemptions: Int { engines.reduce(0) { $0 + $1.preemptions } }

    /// Whole prompt prefix blocks looked up at admission, and found cached, over replicas.
    public var prefixBlocksLookedUp: Int { engines.reduce(0) { $0 + $1.prefixBlocksLookedUp } }
    public var prefixBlocksHit: Int { engines.reduce(0) { $0 + $1.prefixBlocksHit } }

    /// KV blocks in each replica.
    public var kvBlocksPerReplica: Int { (engines.first?.totalBlocks ?? 0) * enginesPerReplica }

    /// Brings multi-step decode spans up to `time`, where a run stopped early (a horizon,
    /// an interrupt): the iterations over by then are applied, as the iteration loop
    /// would have. ``metrics(end:)`` and ``sloReport(end:)`` do this; call it before
    /// reading ``records`` of a run stopped early. Idempotent; a no-op after a complete run.
    public func settle(at time: SimTime) {
        for engine in engines { engine.settle(at: time) }
    }

    /// One record per request, in arrival order.
    public var records: [RequestRecord] {
        requests.indices.map { slot in
            let first = table.firstToken[slot], done = table.completion[slot], scheduled = table.firstScheduled[slot]
            return RequestRecord(
                id: requests[slot].id, arrival: requests[slot].arrival,
                firstScheduled: scheduled == SequenceTable.never ? nil : SimTime(nanoseconds: scheduled),
                firstToken: first == SequenceTable.never ? nil : SimTime(nanoseconds: first),
                completion: done == SequenceTable.never ? nil : SimTime(nanoseconds: done),
                promptTokens: table.prompt[slot], outputTokens: table.output[slot],
                generatedTokens: table.generated[slot],
                replica: table.replica[slot] < 0 ? nil : table.replica[slot],
                preemptions: table.preemptions[slot], rejected: table.rejected[slot])
        }
    }
}
