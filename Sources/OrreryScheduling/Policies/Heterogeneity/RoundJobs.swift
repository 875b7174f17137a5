import OrreryKernel

/// The jobs a round-based pass reads (``HeterogeneityAwareRoundScheduler``), by position,
/// in any order: where order matters the pass sorts by the keys given here (arrival for
/// waiting jobs, the model's running order for running ones). The policy's definition
/// reads them from the model's queue and running list (``QueuedRoundJobs``); its session
/// keeps tables of its own (``RoundSession``), so one pass serves both and they cannot
/// drift apart.
protocol RoundJobs {
    var waitingCount: Int { get }
    func waitingJob(_ position: Int) -> Int
    /// The job's place in arrival order (submit time, then index), the model's queue order.
    func waitingArrival(_ position: Int) -> Int
    /// The job as the policy sees it: read when it is first seen, and for the requests
    /// of jobs outside the run's table (tests).
    func waitingSpec(_ position: Int) -> JobSpec
    func waitingGPUs(_ position: Int) -> Int
    /// Positions of the waiting jobs `state` has not seen yet (it makes room for them).
    func unseenWaiting(in state: inout RoundState) -> [Int]
    /// Tells `state` the jobs that joined (queued for the first time) or left (ended)
    /// since the last pass (``RoundState/join(_:)``, ``RoundState/leave(_:)``); every
    /// waiting job has been seen.
    func updatePresence(in state: inout RoundState)

    var runningCount: Int { get }
    func runningJob(_ position: Int) -> Int
    func runningGPUs(_ position: Int) -> Int
    func runningPlacement(_ position: Int) -> Placement?
    /// Releases the running job's placement on `view`; false if it has none. A round
    /// releases about 190 runs, and a copy of each placement cost more than its release.
    func releaseRunning<Cluster: RoundCluster>(_ position: Int, from view: inout Cluster) -> Bool
    /// Whether the running job's placement holds GPUs (``Placement/holdsGPUs``).
    func runningHoldsGPUs(_ position: Int) -> Bool
    /// Where job `job` is listed among the running jobs, nil if it does not run.
    func runningPosition(of job: Int) -> Int?
    /// The GPU type running job `job` runs on, nil if its placement spans types.
    func currentType(of job: Int) -> Int?
    func runningStart(_ position: Int) -> SimTime
    /// Where the run ends as the model expects it: with the job index, the model's running
    /// order.
    func runningEnd(_ position: Int) -> SimTime

    /// Calls `body` with each job waiting or running, in ascending job index, with its
    /// GPU count and, if it runs, its run's start. Pairs made in this order come out in
    /// walk order within each priority (``PairSort``).
    func forEachInIndexOrder(_ body: (_ job: Int, _ gpus: Int, _ runStart: SimTime?) -> Void)
}

/// The definition's view: the model's waiting queue and running list as they are.
struct QueuedRoundJobs: RoundJobs {
    let queue: ArraySlice<PendingJob>
    let running: [RunningJob]
    /// Per running job: its position and the GPU type it runs on (-1: across types), read
    /// of the cluster before the pass changes it.
    private let runs: [Int: (position: Int, type: Int)]

    init(queue: ArraySlice<PendingJob>, running: [RunningJob], cluster: ClusterState) {
        self.queue = queue
        self.running = running
        var runs: [Int: (position: Int, type: Int)] = [:]
        for (position, run) in running.enumerated() {
            runs[run.index] = (position, run.placement.flatMap { GPUTypeTable.type(of: $0, in: cluster) } ?? -1)
        }
        self.runs = runs
    }

    var waitingCount: Int { queue.count }
    func waitingJob(_ position: Int) -> Int { queue[queue.startIndex + position].index }
    func waitingArrival(_ position: Int) -> Int { position }
    func waitingSpec(_ position: Int) -> JobSpec { queue[queue.startIndex + position].spec }
    func waitingGPUs(_ position: Int) -> Int { queue[queue.startIndex + position].spec.gpus }
    func unseenWaiting(in state: inout RoundState) -> [Int] {
        var unseen: [Int] = []
        for position in 0..<waitingCount {
            let job = waitingJob(position)
            state.ensure(job)
            if !state.isSeen(job) { unseen.append(position) }
        }
        return unseen
    }
    func updatePresence(in state: inout RoundState) { state.syncPresence(scanning: self) }

    var runningCount: Int { running.count }
    func runningJob(_ position: Int) -> Int { running[position].index }
    func runningGPUs(_ position: Int) -> Int { running[position].gpus }
    func runningPlacement(_ position: Int) -> Placement? { running[position].placement }
    func releaseRunning<Cluster: RoundCluster>(_ position: Int, from view: inout Cluster) -> Bool {
        guard let held = running[position].placement else { return false }
        view.release(held)
        return true
    }
    func runningHoldsGPUs(_ position: Int) -> Bool {
        running[position].placement?.holdsGPUs ?? false
    }
    func runningPosition(of job: Int) -> Int? { runs[job]?.position }
    func currentType(of job: Int) -> Int? { runs[job].flatMap { $0.type >= 0 ? $0.type : nil } }
    func runningStart(_ position: Int) -> SimTime { running[position].runStart }
    func runningEnd(_ position: Int) -> SimTime { running[position].expectedEnd }

    func forEachInIndexOrder(_ body: (_ job: Int, _ gpus: Int, _ runStart: SimTime?) -> Void) {
        var listed = (0..<waitingCount).map { (job: waitingJob($0), gpus: waitingGPUs($0), runStart: SimTime?.none) }
        listed += running.map { (job: $0.index, gpus: $0.gpus, runStart: SimTime?.some($0.runStart)) }
        listed.sort { $0.job < $1.job }
        for entry in listed { body(entry.job, entry.gpus, entry.runStart) }
    }
}
