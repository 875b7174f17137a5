import OrreryFabric
import OrreryKernel

/// Runs a ``StepGraph`` on the kernel: timed ops become events after their roofline
/// duration; collective ops go to the ``CollectiveExecutor`` (the fabric, so jobs that
/// share links slow each other). The engine knows nothing about models or strategies.
///
/// Streams are FIFO: an op starts when it heads its stream, the previous op on the
/// stream has finished and every dependency is done. Idle time on a timeline's compute
/// stream is charged to whatever the op that ended the wait was waiting for: another
/// stage (bubble) or a collective (exposed communication). After a timeline's last
/// compute op, time until its own collectives finish (a sharded optimizer's parameter
/// all-gather) is exposed communication; the rest of the step is bubble.
///
/// The caller keeps the engine alive until the step completes (collective callbacks
/// hold it unowned, so that no retain cycle outlives a step).
public final class StepEngine: EventHandler {
    private let simulation: Simulation
    private let executor: any CollectiveExecutor

    private var graph = StepGraph()
    private var remaining: [Int32] = []
    private var streamNext: [Int32] = []
    private var streamBusy: [Bool] = []
    private var streamLastEnd: [Int64] = []
    private var opStart: [Int64] = []
    private var waitCause: [WaitCause] = []
    private var collectivesLeft: [Int32] = []
    private var accounts: [StepBreakdownNanoseconds] = []
    private var computeStreamTimeline: [Int32] = []
    /// Per timeline: when its last layer or data-parallel collective ended.
    private var timelineCommunicationEnd: [Int64] = []
    private var startTime: Int64 = 0
    private var lastEnd: Int64 = 0
    private var opsDone = 0
    private var collectivesStarted = 0
    private var onComplete: ((StepResult) -> Void)?
    /// The first executor error, if a collective could not start.
    public private(set) var failure: CollectiveError?

    public init(simulation: Simulation, executor: any CollectiveExecutor) {
        self.simulation = simulation
        self.executor = executor
    }

    private enum WaitCause: UInt8 { case start, bubble, communication }

    private struct StepBreakdownNanoseconds {
        var compute: Int64 = 0
        var communication: Int64 = 0
        var bubble: Int64 = 0
    }

    /// Starts the step now; `onComplete` runs when its last op finishes.
    public func start(_ graph: StepGraph, onComplete: @escaping (StepResult) -> Void) {
        self.graph = graph
        self.onComplete = onComplete
        failure = nil
        let ops = graph.opCount, streams = graph.streamCount
        remaining = graph.predecessorCount
        streamNext = Array(graph.streamOpStart.prefix(streams))
        streamBusy = [Bool](repeating: false, count: streams)
        startTime = simulation.now.nanoseconds
        lastEnd = startTime
        streamLastEnd = [Int64](repeating: startTime, count: streams)
        opStart = [Int64](repeating: 0, count: ops)
        waitCause = [WaitCause](repeating: .start, count: ops)
        collectivesLeft = graph.opCollectiveCount
        accounts = [StepBreakdownNanoseconds](repeating: .init(), count: graph.timelineCount)
        timelineCommunicationEnd = [Int64](repeating: startTime, count: graph.timelineCount)
        computeStreamTimeline = [Int32](repeating: -1, count: streams)
        for (timeline, stream) in graph.timelineComputeStream.enumerated() {
            computeStreamTimeline[Int(stream)] = Int32(timeline)
        }
        opsDone = 0
        collectivesStarted = 0
        if ops == 0 {
            finish()
            return
        }
        for stream in 0..<streams { tryStart(stream: stream) }
    }

    public func handleEvent(tag: Int, at time: SimTime) { complete(op: tag) }

    private func tryStart(stream: Int) {
        guard !streamBusy[stream], failure == nil else { return }
        let next = Int(streamNext[stream])
        guard next < Int(graph.streamOpStart[stream + 1]) else { return }
        let op = Int(graph.streamOps[next])
        guard remaining[op] == 0 else { return }
        streamBusy[stream] = true
        let now = simulation.now.nanoseconds
        opStart[op] = now
        let timeline = computeStreamTimeline[stream]
        if timeline >= 0 {
            let gap = now - streamLastEnd[stream]
            if gap > 0 {
                if waitCause[op] == .communication {
                    accounts[Int(timeline)].communication += gap
                } else {
                    accounts[Int(timeline)].bubble += gap
                }
            }
        }
        let count = Int(graph.opCollectiveCount[op])
        if count == 0 {
            simulation.schedule(at: SimTime(nanoseconds: now + graph.opDuration[op]), handler: self, tag: op)
            return
        }
        let first = Int(graph.opCollectiveStart[op])
        for index in first..<(first + count) {
            do {
                try executor.start(graph.collectives[index]) { [unowned self] _ in
                    collectivesLeft[op] -= 1
                    if collectivesLeft[op] == 0 { complete(op: op) }
                }
                collectivesStarted += 1
            } catch {
                failure = error
                simulation.requestStop()
                return
            }
        }
    }

    private func complete(op: Int) {
        let now = simulation.now.nanoseconds
        let stream = Int(graph.opStream[op])
        streamBusy[stream] = false
        streamNext[stream] += 1
        lastEnd = max(lastEnd, now)
        opsDone += 1
        let timeline = computeStreamTimeline[stream]
        let category = graph.opCategory[op]
        if timeline >= 0 {
            let busy = now - opStart[op]
            switch category {
            case .compute, .optimizer:
                let exposed = graph.opExposedCommunication[op]
                accounts[Int(timeline)].compute += busy - exposed
                accounts[Int(timeline)].communication += exposed
            case .layerCommunication, .dataCommunication:
                accounts[Int(timeline)].communication += busy
            case .pipelineCommunication:
                accounts[Int(timeline)].bubble += busy
            }
            streamLastEnd[stream] = now
        }
        let ownTimeline = graph.streamTimeline[stream]
        if category == .layerCommunication || category == .dataCommunication, ownTimeline >= 0 {
            timelineCommunicationEnd[Int(ownTimeline)] = max(timelineCommunicationEnd[Int(ownTimeline)], now)
        }
        for index in Int(graph.successorStart[op])..<Int(graph.successorStart[op + 1]) {
            let successor = Int(graph.successors[index])
            remaining[successor] -= 1
            switch category {
            case .pipelineCommunication: waitCause[successor] = .bubble
            case .layerCommunication, .dataCommunication: waitCause[successor] = .communication
            case .compute, .optimizer:
                let other = graph.streamTimeline[Int(graph.opStream[successor])] != ownTimeline
                waitCause[successor] = other ? .bubble : .start
            }
            if remaining[successor] == 0 { tryStart(stream: Int(graph.opStream[successor])) }
        }
        tryStart(stream: stream)
        if opsDone == graph.opCount { finish() }
    }

    private func finish() {
        var timelines: [StepBreakdown] = []
        timelines.reserveCapacity(accounts.count)
        var mean = StepBreakdown()
        var totalWeight = 0.0
        for (timeline, account) in accounts.enumerated() {
            let stream = Int(graph.timelineComputeStream[timeline])
            let tail = lastEnd - streamLastEnd[stream]
            let communicationTail = min(tail, max(0, timelineCommunicationEnd[timeline] - streamLastEnd[stream]))
            let breakdown = StepBreakdown(
                computeSeconds: Double(account.compute) / 1e9,
                exposedCommunicationSeconds: Double(account.communication + communicationTail) / 1e9,
                bubbleSeconds: Double(account.bubble + tail - communicationTail) / 1e9)
            timelines.append(breakdown)
            let weight = graph.timelineWeight[timeline]
            totalWeight += weight
            mean.computeSeconds += weight * breakdown.computeSeconds
            mean.exposedCommunicationSeconds += weight * breakdown.exposedCommunicationSeconds
            mean.bubbleSeconds += weight * breakdown.bubbleSeconds
        }
        if totalWeight > 0 {
            mean.computeSeconds /= totalWeight
            mean.exposedCommunicationSeconds /= totalWeight
            mean.bubbleSeconds /= totalWeight
        }
        let result = StepResult(
            stepTime: SimTime(nanoseconds: lastEnd - startTime), breakdown: mean, timelines: timelines,
            opsExecuted: opsDone, collectivesStarted: collectivesStarted)
        let callback = onComplete
        onComplete = nil
        callback?(result)
    }
}
