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
    private let table: SequenceTable
    let replicas: [Replica]
    private var router: Router
    private var nextArrival = 0

    // The fleet: which replicas take requests, and how long each has held its GPUs.
    // Without an autoscaler every replica is ready from time zero to the end.
    /// Replica indices the router may choose, ascending.
    var ready: [Int]
    var state: [ReplicaState]
    /// When each replica last started holding its GPUs (ns), or −1 while off.
    var provisionedSince: [Int64]
    /// Seconds each replica held its GPUs in earlier, finished spells.
    var provisionedSeconds: [Double]
    /// Each replica's busy time at the last autoscaling decision.
    var busyAtLastDecision: [SimTime]
    var scaleUps = 0
    var scaleDowns = 0
    var peakProvisioned: Int

    /// Decode replicas of a disaggregated deployment (empty otherwise).
    private let decodePool: [Int]

    /// Event tags: arrivals, autoscaling decisions, a replica becoming ready
    /// (`firstReadyTag + replica`), and a KV transfer arriving (`handOffTag + slot`).
    static let arrivalTag = 0
    static let decisionTag = 1
    static let firstReadyTag = 2
    private var handOffTag: Int { Self.firstReadyTag + replicas.count }

    /// Validates the configuration and schedules the first arrival.
    public init(
        simulation: Simulation, configuration: ServingConfiguration, requests: [ServingRequest]
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
        for index in 0..<capacity {
            let role: ReplicaRole = prefillPool.map { index < $0 ? .prefill : .decode } ?? .combined
            built.append(
                try Replica(
                    index: index, configuration: configuration.replica, simulation: simulation, table: table, role: role))
        }
        replicas = built
        let initial = configuration.replicas
        decodePool = prefillPool.map { Array($0..<initial) } ?? []
        // Arrivals go to the prefill pool when disaggregated.
        ready = Array(0..<(prefillPool ?? initial))
        ready.reserveCapacity(capacity)
        state = (0..<capacity).map { $0 < initial ? .ready : .off }
        provisionedSince = (0..<capacity).map { $0 < initial ? 0 : -1 }
        provisionedSeconds = Array(repeating: 0, count: capacity)
        busyAtLastDecision = Array(repeating: .zero, count: capacity)
        peakProvisioned = initial
        router = Router(policy: configuration.routing, streamName: configuration.routerStreamName, random: simulation.random)
        if prefillPool != nil {
            for replica in replicas where replica.role == .prefill {
                replica.onHandOff = { [unowned self] slot in self.startTransfer(slot) }
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
        case handOffTag...: finishTransfer(tag - handOffTag)
        default: becomeReady(tag - Self.firstReadyTag)
        }
    }

    /// Schedules the arrival of `slot`'s KV cache (its cached tokens) at a decode replica.
    private func startTransfer(_ slot: Int) {
        guard let disaggregation = configuration.disaggregation else { return }
        let bytes = Double(table.cached[slot] * configuration.replica.model.kvBytesPerToken)
        let seconds = disaggregation.kvTransferSeconds(bytes: bytes, tensorParallel: configuration.replica.tensorParallel)
        simulation.schedule(at: simulation.now + .seconds(seconds), handler: self, tag: handOffTag + slot)
    }

    /// Hands `slot` to the decode replica with the fewest outstanding tokens.
    private func finishTransfer(_ slot: Int) {
        var best = decodePool[0]
        for i in decodePool.dropFirst() where replicas[i].outstandingTokens < replicas[best].outstandingTokens { best = i }
        replicas[best].enqueueTransferred(slot)
    }

    private func arrive() {
        let slot = nextArrival
        nextArrival += 1
        if nextArrival < requests.count {
            simulation.schedule(at: requests[nextArrival].arrival, handler: self, tag: Self.arrivalTag)
        }
        if table.prompt[slot] + table.output[slot] > configuration.replica.model.contextLength {
            table.rejected[slot] = true
            return
        }
        let choice = router.choose(slot, among: replicas, ready: ready, promptTokens: table.prompt[slot])
        replicas[choice].enqueue(slot)
    }

    /// Requests that have arrived so far.
    public var arrivedCount: Int { nextArrival }

    /// Whether every request has arrived and none is left in any replica.
    var isDrained: Bool { nextArrival == requests.count && replicas.allSatisfy { $0.outstandingTokens == 0 } }

    /// Evictions for recompute, summed over replicas.
    public var preemptions: Int { replicas.reduce(0) { $0 + $1.preemptions } }

    /// Whole prompt prefix blocks looked up at admission, and found cached, over replicas.
    public var prefixBlocksLookedUp: Int { replicas.reduce(0) { $0 + $1.prefixBlocksLookedUp } }
    public var prefixBlocksHit: Int { replicas.reduce(0) { $0 + $1.prefixBlocksHit } }

    /// KV blocks in each replica.
    public var kvBlocksPerReplica: Int { replicas.first?.totalBlocks ?? 0 }

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
