import OrreryKernel
import OrreryStorage

/// Where a replica is in its life under an autoscaler.
enum ReplicaState: Sendable {
    /// Holds no GPUs.
    case off
    /// Booting and loading weights: holds GPUs, takes no requests.
    case starting
    /// Takes requests.
    case ready
    /// Finishing its requests before releasing its GPUs; takes no new ones.
    case draining
}

extension ServingModel {
    /// One autoscaling decision (see ``AutoscalerConfiguration``): release drained
    /// replicas, read the signal over the last interval, then start, reactivate or drain.
    func autoscale(at time: SimTime) {
        guard let autoscaler = configuration.autoscaler else { return }
        // Busy time counts iterations started by now, as the iteration loop has it.
        settle(at: time)
        for i in state.indices where state[i] == .draining && outstandingTokens(ofReplica: i) == 0 {
            turnOff(i, at: time)
        }
        let readyCount = ready.count
        var desired = readyCount
        switch autoscaler.signal {
        case .utilisation(let target):
            var busy = 0.0
            for i in ready { busy += (busyTime(ofReplica: i) - busyAtLastDecision[i]).seconds }
            let utilisation = busy / (Double(readyCount) * autoscaler.interval.seconds)
            desired = Self.replicaCount((Double(readyCount) * utilisation / target).rounded(.up), atMost: autoscaler.maxReplicas)
        case .queue(let target):
            var waiting = 0
            for i in ready { waiting += engines(of: i).reduce(0) { $0 + $1.waitingCount } }
            if Double(waiting) > target * Double(readyCount) {
                desired = Self.replicaCount((Double(waiting) / target).rounded(.up), atMost: autoscaler.maxReplicas)
            } else if waiting == 0 {
                desired = readyCount - 1
            }
        }
        for i in ready { busyAtLastDecision[i] = busyTime(ofReplica: i) }
        desired = Swift.min(Swift.max(desired, autoscaler.minReplicas), autoscaler.maxReplicas)
        let starting = state.count { $0 == .starting }
        if desired > readyCount + starting {
            scaleUp(by: desired - readyCount - starting, at: time, boot: autoscaler.bootTime)
        } else if desired < readyCount, starting == 0, let last = ready.popLast() {
            state[last] = .draining
            scaleDowns += 1
        }
        if !isDrained || state.contains(.starting) {
            simulation.schedule(at: time + autoscaler.interval, handler: self, tag: Self.decisionTag)
        }
    }

    /// Reactivates draining replicas first (still warm), then starts ones that are off.
    /// A desired replica count computed in floating point, capped at `maximum` before it
    /// becomes an Int: a tiny target (1e-300) makes the ratio overflow Int. NaN (no
    /// ready replica to measure) asks for none; the caller raises it to the minimum.
    static func replicaCount(_ desired: Double, atMost maximum: Int) -> Int {
        guard desired > 0 else { return 0 }
        return desired < Double(maximum) ? Int(desired) : maximum
    }

    private func scaleUp(by count: Int, at time: SimTime, boot: SimTime) {
        var remaining = count
        for i in state.indices where remaining > 0 && state[i] == .draining {
            state[i] = .ready
            busyAtLastDecision[i] = busyTime(ofReplica: i)
            insertReady(i)
            remaining -= 1
        }
        for i in state.indices where remaining > 0 && state[i] == .off {
            state[i] = .starting
            provisionedSince[i] = time.nanoseconds
            simulation.schedule(at: time + boot, handler: self, tag: Self.firstBootedTag + i)
            scaleUps += 1
            remaining -= 1
        }
        peakProvisioned = Swift.max(peakProvisioned, state.count { $0 != .off })
    }

    /// A started replica has booted: it reads its weights from storage as a flow on the
    /// tier's link (``WeightLoading``) and takes requests once they have landed.
    func loadWeights(_ index: Int) {
        guard let autoscaler = configuration.autoscaler, let network, state[index] == .starting else { return }
        let loading = autoscaler.weightLoading
        let storage: StorageNetwork
        do { storage = try network.storage(loading.storage) } catch {
            // The storage system was validated with the configuration.
            preconditionFailure("serving: validated weight storage was refused: \(error)")
        }
        let nodes = (configuration.replica.gpusPerReplica + network.topology.gpusPerNode - 1) / network.topology.gpusPerNode
        storage.transfer(
            bytes: Double(configuration.replica.model.weightBytes), rateCap: loading.readCap(nodes: nodes),
            target: loading.tier
        ) { [unowned self] _ in becomeReady(index) }
    }

    /// A started replica has loaded its weights and takes requests.
    func becomeReady(_ index: Int) {
        guard state[index] == .starting else { return }
        state[index] = .ready
        readySince[index] = simulation.now
        busyAtLastDecision[index] = busyTime(ofReplica: index)
        insertReady(index)
    }

    private func insertReady(_ index: Int) {
        let position = ready.firstIndex { $0 > index } ?? ready.count
        ready.insert(index, at: position)
    }

    private func turnOff(_ index: Int, at time: SimTime) {
        state[index] = .off
        provisionedSeconds[index] += (time - SimTime(nanoseconds: provisionedSince[index])).seconds
        provisionedSince[index] = -1
    }

    /// Replica `r`'s busy time: its engines' iteration time over its stages (an engine's
    /// batch holds each of the P stages for 1/P of its iteration).
    func busyTime(ofReplica r: Int) -> SimTime {
        guard enginesPerReplica > 1 else { return engines[r].busyTime }
        let total = engines(of: r).reduce(0) { $0 + $1.busyTime.nanoseconds }
        return SimTime(nanoseconds: total / Int64(enginesPerReplica))
    }

    /// Seconds each replica has held its GPUs up to `end`.
    func provisionedSeconds(until end: SimTime) -> [Double] {
        state.indices.map { i in
            provisionedSeconds[i]
                + (provisionedSince[i] >= 0 ? Swift.max((end - SimTime(nanoseconds: provisionedSince[i])).seconds, 0) : 0)
        }
    }
}
