import Foundation
import OrreryFabric
import OrreryKernel
import OrreryStorage

/// One simulated training run: steps, failures, recovery, checkpoints and power on the
/// kernel's event loop, fast-forwarded between events.
///
/// Steps are never simulated one by one. While the job runs, progress grows at
/// 1 / (step time at the current clock) steps per second; the only pending job event is
/// the next milestone (the next checkpoint's step boundary, or the end of the budget),
/// moved whenever the rate changes. Failures, stage ends, repairs, storage flows and
/// power-cap changes are the other events, so a 54-day run is a few events per
/// checkpoint and per failure.
///
/// Each failure bumps an epoch; callbacks of stages and storage flows started before it
/// see a stale epoch and do nothing (their flows still finish, still holding bandwidth).
public final class TrainingRun {
    let configuration: TrainingRunConfiguration
    let simulation: Simulation
    private let storage: StorageNetwork
    private let sampler: FailureSampler
    private let detectionStream: RandomStream
    private let teardownStream: RandomStream
    private let reinitialisationStream: RandomStream
    private let repairStreams: [RandomStream]

    private let totalSteps: Double
    private let intervalSteps: Double
    private let checkpointBytes: Double
    private let snapshotSeconds: Double

    // Job state.
    /// The job starts as if just relaunched; ``run()`` enters running at time zero.
    private var phase: RunPhase = .reinitialising
    private var lastSettled: SimTime = .zero
    private var progressSteps = 0.0
    private var checkpointedSteps = 0.0
    private var snapshotSteps = 0.0
    private var nextCheckpointSteps: Double
    private var hasCheckpoint = false
    private var persistInFlight = false
    private var epoch: UInt64 = 0
    private var frequency = 1.0
    private var capFits = true
    private var stepSecondsNow: Double
    /// Job GPU watts and facility step-peak watts while running at ``frequency`` (cached:
    /// they change only with the cap).
    private var runningGPUWatts = 0.0
    private var runningPeakFacilityWatts = 0.0
    private var runningPeakRackWatts = 0.0
    private var milestone: EventHandle?
    private var failureEvents: [EventHandle?]
    /// The failure mode whose recovery is under way (its downtime is charged to it).
    private var cause = -1
    /// When the job last stopped running for a failure (nil while running): an outage
    /// spans every failure that strikes before the job runs again.
    private var outageStartedAt: SimTime?
    /// The first failure of the outage under way (its events get the resume time).
    private var outageFirstFailure = 0
    /// The checkpoint being stalled for or written (an index into the record's log).
    private var checkpointInFlight: Int?

    // Nodes: physical node ids in the job's slots, the spare pool, failure counts.
    private var slotNode: [Int]
    private var vacantSlots: [Int] = []
    private var spares: [Int]
    private var spareHead = 0
    private var nodeFailures: [Int]

    // Accounting.
    private var record: TrainingRunRecord
    private var power = PowerSample(time: .zero, gpuWatts: 0, nodeWatts: 0, facilityWatts: 0, rackWatts: 0)

    private static let milestoneTag = -1
    private lazy var events = TrainingRunEvents(self)

    /// Prepares run `runIndex` of seed `seed` (replication r uses run index r; every
    /// stream is derived from (seed, run index, stream name)).
    public init(configuration: TrainingRunConfiguration, seed: UInt64, runIndex: UInt64 = 0) throws(ResilienceError) {
        self.configuration = configuration
        let simulation = Simulation(seed: seed, runIndex: runIndex)
        self.simulation = simulation
        do {
            storage = try StorageNetwork(network: NetworkSimulator(simulation: simulation), system: configuration.storage)
        } catch {
            switch error {
            case let .invalidParameter(name, value, expected):
                throw ResilienceError.invalidParameter(name: name, value: value, expected: expected)
            }
        }
        let failures = configuration.failures
        sampler = FailureSampler(model: failures, inventory: configuration.inventory, random: simulation.random, start: .zero)
        detectionStream = simulation.random.stream("recovery.detection")
        teardownStream = simulation.random.stream("recovery.teardown")
        reinitialisationStream = simulation.random.stream("recovery.reinitialisation")
        repairStreams = failures.modes.map { simulation.random.stream("repair.\($0.name)") }

        let profile = configuration.profile
        totalSteps = profile.totalSteps
        stepSecondsNow = profile.stepSeconds
        // Without failures Young/Daly say "never": one interval then spans the whole run.
        let interval = min(configuration.checkpointIntervalSeconds, profile.totalSteps * profile.stepSeconds)
        intervalSteps = max(1, (interval / profile.stepSeconds).rounded())
        nextCheckpointSteps = intervalSteps
        checkpointBytes = configuration.checkpoint.bytes(profile)
        snapshotSeconds = configuration.checkpoint.stallSeconds(profile, storage: configuration.storage)
        failureEvents = Array(repeating: nil, count: failures.modes.count)
        slotNode = Array(0..<profile.nodeCount)
        spares = Array(profile.nodeCount..<(profile.nodeCount + configuration.recovery.warmSpareNodes))
        nodeFailures = Array(repeating: 0, count: profile.nodeCount + configuration.recovery.warmSpareNodes)
        record = TrainingRunRecord(modes: failures.modes.map(\.name), intervalSeconds: intervalSteps * profile.stepSeconds)
    }

    /// Runs to the end of the token budget or the horizon and returns what happened.
    public func run() -> TrainingRunResult {
        for mode in 0..<sampler.modeCount { scheduleFailure(mode) }
        // A rack cap, then caps in force at the start, set the first clock; later caps are events.
        (frequency, capFits) = configuration.power.frequency(configuration.profile, facilityCapWatts: nil)
        for cap in configuration.power.caps where cap.at <= .zero {
            (frequency, capFits) = configuration.power.frequency(configuration.profile, facilityCapWatts: cap.facilityWatts)
        }
        for cap in configuration.power.caps where cap.at > .zero {
            simulation.schedule(at: cap.at) { [unowned self] in applyCap(cap.facilityWatts) }
        }
        cacheRunningPower()
        enterRunning()
        simulation.run(until: configuration.horizon ?? safetyHorizon)
        settle()
        return TrainingRunResult(
            configuration: configuration, record: record, keptSteps: progressSteps, finished: phase == .finished,
            elapsedSeconds: lastSettled.seconds, events: simulation.statistics.eventsExecuted)
    }

    /// Without a horizon, a run whose failures outpace its recovery would never end; it
    /// stops unfinished after 100 × its failure-free duration.
    private var safetyHorizon: SimTime {
        .seconds(100 * totalSteps * configuration.profile.stepSeconds)
    }

    // MARK: Time and power

    /// Accounts for the time since the last settle in the current phase.
    private func settle() {
        let now = simulation.now
        let dt = (now - lastSettled).seconds
        guard dt > 0 else { return }
        record.secondsByPhase[phase.rawValue] += dt
        if phase == .running {
            progressSteps += dt / stepSecondsNow
            if !capFits { record.capExceededSeconds += dt }
        }
        if phase.isRecovery, cause >= 0 { record.downtimeSecondsByMode[cause] += dt }
        record.gpuJoules += power.gpuWatts * dt
        record.nodeJoules += power.nodeWatts * dt
        record.facilityJoules += power.facilityWatts * dt
        lastSettled = now
        #if ORRERY_INTERNAL_CHECKS
        checkInvariants()
        #endif
    }

    #if ORRERY_INTERNAL_CHECKS
    /// Time is partitioned by phase; the checkpoint never runs ahead of progress.
    private func checkInvariants() {
        let accounted = record.secondsByPhase.reduce(0, +)
        precondition(abs(accounted - lastSettled.seconds) <= 1e-6 * max(1, accounted), "phase time \(accounted) ≠ \(lastSettled)")
        precondition(checkpointedSteps <= progressSteps + 1e-9 || phase != .running, "checkpoint ahead of progress")
    }
    #endif

    private func setPhase(_ next: RunPhase) {
        settle()
        let perNode = configuration.storage.dataLoadingBytesPerSecondPerNode
        if perNode > 0 && (next == .running) != (phase == .running) {
            storage.reserveDataLoading(bytesPerSecond: next == .running ? perNode * Double(configuration.profile.nodeCount) : 0)
        }
        phase = next
        updatePower()
    }

    private func updatePower() {
        let model = configuration.power
        let profile = configuration.profile
        let nodes = Double(profile.nodeCount)
        let gpuWatts: Double
        let overheadWatts: Double
        switch phase {
        case .running:
            gpuWatts = runningGPUWatts
            overheadWatts = nodes * model.nodeOverheadActiveWatts
            record.peakFacilityWatts = max(record.peakFacilityWatts, runningPeakFacilityWatts)
            record.peakRackWatts = max(record.peakRackWatts, runningPeakRackWatts)
        case .finished:
            (gpuWatts, overheadWatts) = (0, 0)
        default:
            gpuWatts = Double(profile.gpuCount) * model.gpuIdleWatts
            overheadWatts = nodes * model.nodeOverheadIdleWatts
        }
        let nodeWatts = gpuWatts + overheadWatts
        let rackWatts = model.racks.map { nodeWatts * Double($0.nodesPerRack) / nodes } ?? 0
        let sample = PowerSample(time: simulation.now, gpuWatts: gpuWatts, nodeWatts: nodeWatts,
                                 facilityWatts: nodeWatts * model.powerUsageEffectiveness, rackWatts: rackWatts)
        guard sample.facilityWatts != power.facilityWatts || record.powerSeries.isEmpty else { return }
        // Swings are changes while the job holds its nodes, not its start or its end.
        if !record.powerSeries.isEmpty && phase != .finished {
            record.largestSwingWatts = max(record.largestSwingWatts, abs(sample.facilityWatts - power.facilityWatts))
        }
        record.peakFacilityWatts = max(record.peakFacilityWatts, sample.facilityWatts)
        power = sample
        if configuration.recordPowerSeries || record.powerSeries.isEmpty { record.powerSeries.append(sample) }
    }

    private func cacheRunningPower() {
        let model = configuration.power
        let profile = configuration.profile
        let timing = configuration.stepTiming(atFrequency: frequency)
        stepSecondsNow = timing.stepSeconds
        runningGPUWatts = Double(profile.gpuCount) * model.gpuStepAverageWatts(timing, frequency: frequency)
        runningPeakFacilityWatts = model.facilityPeakWatts(profile, frequency: frequency)
        runningPeakRackWatts = model.rackPeakWatts(profile, frequency: frequency) ?? 0
    }

    private func applyCap(_ facilityWatts: Double?) {
        settle()
        (frequency, capFits) = configuration.power.frequency(configuration.profile, facilityCapWatts: facilityWatts)
        cacheRunningPower()
        record.capChanges += 1
        updatePower()
        if phase == .running { scheduleMilestone() }
    }

    // MARK: Running and checkpoints

    private func enterRunning() {
        if let start = outageStartedAt {
            record.outageSeconds.append((simulation.now - start).seconds)
            outageStartedAt = nil
            for index in outageFirstFailure..<record.failures.count { record.failures[index].resumedAt = simulation.now }
        }
        setPhase(.running)
        scheduleMilestone()
    }

    private var milestoneSteps: Double { min(nextCheckpointSteps, totalSteps) }

    private func scheduleMilestone() {
        if let milestone { simulation.cancel(milestone) }
        let remaining = max(0, milestoneSteps - progressSteps)
        milestone = simulation.schedule(at: simulation.now + .seconds(remaining * stepSecondsNow),
                                        handler: events, tag: Self.milestoneTag)
    }

    private func reachMilestone() {
        settle()
        milestone = nil
        progressSteps = milestoneSteps  // exact, not the float sum
        if progressSteps >= totalSteps { finish() } else { beginCheckpoint() }
    }

    private func beginCheckpoint() {
        nextCheckpointSteps = progressSteps + intervalSteps
        let checkpoint = configuration.checkpoint
        var event = CheckpointEvent(
            step: progressSteps, startedAt: simulation.now, stallEndedAt: simulation.now, persistedAt: nil,
            bytes: checkpointBytes, mode: checkpoint.mode, outcome: .skipped)
        if persistInFlight {
            // The previous background write is still going: skip rather than queue.
            record.checkpointsSkipped += 1
            record.checkpoints.append(event)
            scheduleMilestone()
            return
        }
        event.stallEndedAt = nil
        event.outcome = .unfinished
        checkpointInFlight = record.checkpoints.count
        record.checkpoints.append(event)
        record.checkpointsStarted += 1
        snapshotSteps = progressSteps
        setPhase(.checkpointStall)
        let started = epoch
        switch checkpoint.mode {
        case .synchronous:
            storage.transfer(bytes: checkpointBytes, nodes: configuration.profile.nodeCount, target: checkpoint.target) {
                [unowned self] _ in
                guard started == epoch else { return }
                simulation.schedule(after: .seconds(checkpoint.stallOverheadSeconds)) { [unowned self] in
                    guard started == epoch else { return }
                    markStallEnded()
                    commitCheckpoint()
                    enterRunning()
                }
            }
        case .asynchronous:
            simulation.schedule(after: .seconds(snapshotSeconds)) { [unowned self] in
                guard started == epoch else { return }
                persistInFlight = true
                markStallEnded()
                enterRunning()
                storage.transfer(bytes: checkpointBytes, nodes: configuration.profile.nodeCount, target: checkpoint.target) {
                    [unowned self] _ in
                    guard started == epoch else { return }
                    persistInFlight = false
                    commitCheckpoint()
                }
            }
        }
    }

    private func commitCheckpoint() {
        checkpointedSteps = snapshotSteps
        hasCheckpoint = true
        record.checkpointsCompleted += 1
        if let index = checkpointInFlight {
            record.checkpoints[index].persistedAt = simulation.now
            record.checkpoints[index].outcome = .completed
            checkpointInFlight = nil
        }
    }

    private func markStallEnded() {
        if let index = checkpointInFlight { record.checkpoints[index].stallEndedAt = simulation.now }
    }

    private func finish() {
        setPhase(.finished)
        for case let event? in failureEvents { simulation.cancel(event) }
        simulation.requestStop()
    }

    // MARK: Failures and recovery

    private func scheduleFailure(_ mode: Int) {
        if let event = failureEvents[mode] { simulation.cancel(event) }
        let time = sampler.nextTime(mode: mode)
        failureEvents[mode] = time == .max ? nil : simulation.schedule(at: time, handler: events, tag: mode)
    }

    private func fail(mode index: Int) {
        failureEvents[index] = nil
        let component = sampler.fire(mode: index, at: simulation.now)
        scheduleFailure(index)
        guard phase != .finished else { return }
        let mode = configuration.failures.modes[index]
        var struck: [Int] = []
        if mode.requiresReplacement {
            struck = configuration.inventory.blastRadius(of: mode.scope, index: component).filter { slotNode[$0] >= 0 }
            // Hardware already swapped out of the job: nothing the job uses failed.
            if struck.isEmpty { return }
        }
        settle()
        record.interruptionsByMode[index] += 1
        var rolledBack = 0.0
        if phase == .running || phase == .checkpointStall {
            rolledBack = (progressSteps - checkpointedSteps) * stepSecondsNow
            record.lostRunningSecondsByMode[index] += rolledBack
            progressSteps = checkpointedSteps
        }
        if outageStartedAt == nil { outageFirstFailure = record.failures.count }
        record.failures.append(FailureEvent(
            time: simulation.now, mode: mode.name, scope: mode.scope, component: component, nodesStruck: struck.count,
            phase: phase, rolledBackSeconds: rolledBack, resumedAt: nil))
        if phase == .checkpointStall || persistInFlight {
            record.checkpointsAborted += 1
            if let inFlight = checkpointInFlight { record.checkpoints[inFlight].outcome = .aborted }
        }
        checkpointInFlight = nil
        persistInFlight = false
        nextCheckpointSteps = progressSteps + intervalSteps
        epoch &+= 1
        if let milestone { simulation.cancel(milestone) }
        milestone = nil
        for slot in struck {
            retire(node: slotNode[slot], mode: index)
            slotNode[slot] = -1
            vacantSlots.append(slot)
        }
        cause = index
        if outageStartedAt == nil { outageStartedAt = simulation.now }
        setPhase(.detecting)
        let started = epoch
        let recovery = configuration.recovery
        simulation.schedule(after: duration(recovery.detectionSeconds, detectionStream)) { [unowned self] in
            guard started == epoch else { return }
            setPhase(.tearingDown)
            simulation.schedule(after: duration(recovery.teardownSeconds, teardownStream)) { [unowned self] in
                guard started == epoch else { return }
                acquireNodes()
            }
        }
    }

    /// Sends a struck node to repair (back to the spare pool later), or drains it.
    private func retire(node: Int, mode: Int) {
        nodeFailures[node] += 1
        if let limit = configuration.recovery.drainAfterFailures, nodeFailures[node] >= limit {
            record.nodesDrained += 1
            return
        }
        let hours = max(0, repairStreams[mode].sample(configuration.failures.modes[mode].repairHours))
        simulation.schedule(after: .seconds(hours * 3600)) { [unowned self] in
            spares.append(node)
            if phase == .waitingForNodes { acquireNodes() }
        }
    }

    /// Fills vacant slots from the spare pool, then relaunches, or waits for repairs.
    private func acquireNodes() {
        var renewed = false
        while !vacantSlots.isEmpty, spareHead < spares.count {
            let slot = vacantSlots.removeLast()
            slotNode[slot] = spares[spareHead]
            spareHead += 1
            sampler.renew(nodeSlot: slot, at: simulation.now)
            renewed = true
        }
        if spareHead > 1024, spareHead * 2 > spares.count {
            spares.removeFirst(spareHead)
            spareHead = 0
        }
        if renewed {
            for (mode, failure) in configuration.failures.modes.enumerated() {
                if case .weibull = failure.law { scheduleFailure(mode) }
            }
        }
        #if ORRERY_INTERNAL_CHECKS
        precondition(slotNode.filter { $0 < 0 }.count == vacantSlots.count, "vacant slots out of step")
        #endif
        guard vacantSlots.isEmpty else {
            if phase != .waitingForNodes { setPhase(.waitingForNodes) }
            return
        }
        setPhase(.reinitialising)
        let started = epoch
        simulation.schedule(after: duration(configuration.recovery.reinitialisationSeconds, reinitialisationStream)) {
            [unowned self] in
            guard started == epoch else { return }
            loadCheckpoint()
        }
    }

    private func loadCheckpoint() {
        guard hasCheckpoint else { return enterRunning() }
        setPhase(.loadingCheckpoint)
        let started = epoch
        storage.transfer(bytes: checkpointBytes, nodes: configuration.profile.nodeCount,
                         target: configuration.checkpoint.target) { [unowned self] _ in
            guard started == epoch else { return }
            enterRunning()
        }
    }

    private func duration(_ distribution: Distribution, _ stream: RandomStream) -> SimTime {
        .seconds(max(0, stream.sample(distribution)))
    }
}

/// The run's tagged events go through this proxy, which holds the run unowned: the
/// simulation (owned by the run) keeps pending events after a horizon stop, and a strong
/// reference from them back to the run would be a cycle that leaks every replication.
private final class TrainingRunEvents: EventHandler {
    unowned let run: TrainingRun

    init(_ run: TrainingRun) { self.run = run }

    func handleEvent(tag: Int, at time: SimTime) { run.handleEvent(tag: tag) }
}

extension TrainingRun {
    fileprivate func handleEvent(tag: Int) {
        if tag == Self.milestoneTag { reachMilestone() } else { fail(mode: tag) }
    }
}
