/// Limits on what one account may hold at once: GPUs and running jobs. Nil: no limit.
public struct QuotaLimit: Sendable, Equatable {
    public var gpus: Int?
    public var jobs: Int?

    public init(gpus: Int? = nil, jobs: Int? = nil) {
        self.gpus = gpus
        self.jobs = jobs
    }
}

/// Hierarchical quotas (the validate stage): a tree of accounts, such as domain ›
/// project › user, each with an optional limit on GPUs and concurrent jobs held by the
/// jobs beneath it.
///
/// A job's account path is its tenant split at `/`, then its user if it has one
/// (`research/vision` + `alice` → research › vision › alice). A job may start only if,
/// at every account on its path that has a limit, the GPUs and jobs already held plus
/// its own stay within it. Path segments the tree does not name are unlimited, unless
/// their parent gives an `each` limit, which applies to every child it does not name.
public struct QuotaTree: Sendable, Equatable {
    public struct Account: Sendable, Equatable {
        public var name: String
        public var limit: QuotaLimit
        /// The limit of every child not named in `children`.
        public var each: QuotaLimit?
        public var children: [Account]

        public init(name: String, limit: QuotaLimit = .init(), each: QuotaLimit? = nil, children: [Account] = []) {
            self.name = name
            self.limit = limit
            self.each = each
            self.children = children
        }
    }

    /// The top-level accounts (no limit above them but the cluster).
    public var roots: [Account]
    /// The limit of every top-level account not named in `roots` (e.g. every tenant).
    public var each: QuotaLimit?

    public init(roots: [Account], each: QuotaLimit? = nil) {
        self.roots = roots
        self.each = each
    }

    /// The account path of `job`.
    public static func path(of job: JobSpec) -> [String] {
        let tenant = job.tenant.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return job.user.isEmpty ? tenant : tenant + [job.user]
    }

    /// The limits along `path`, outermost first, skipping unlimited accounts; each with a
    /// key naming the account (`research/vision/alice`), unique per account.
    public func limits(along path: [String]) -> [(account: String, limit: QuotaLimit)] {
        var result: [(account: String, limit: QuotaLimit)] = []
        var level = roots
        var each = self.each
        var prefix = ""
        for segment in path {
            prefix = prefix.isEmpty ? segment : prefix + "/" + segment
            if let account = level.first(where: { $0.name == segment }) {
                if account.limit.gpus != nil || account.limit.jobs != nil { result.append((prefix, account.limit)) }
                level = account.children
                each = account.each
            } else {
                if let each { result.append((prefix, each)) }
                level = []
                each = nil
            }
        }
        return result
    }
}

/// Quota accounting during a run: what every limited account holds now, and per job the
/// accounts it counts against (flat indices, resolved once).
struct QuotaLedger {
    private var limits: [QuotaLimit] = []
    private var heldGPUs: [Int] = []
    private var heldJobs: [Int] = []
    /// Per job: indices into the arrays above.
    private var accounts: [[Int]] = []

    init(tree: QuotaTree, jobs: [JobSpec]) {
        var index: [String: Int] = [:]
        for job in jobs {
            var mine: [Int] = []
            for (account, limit) in tree.limits(along: QuotaTree.path(of: job)) {
                if let existing = index[account] {
                    mine.append(existing)
                } else {
                    index[account] = limits.count
                    mine.append(limits.count)
                    limits.append(limit)
                }
            }
            accounts.append(mine)
        }
        heldGPUs = Array(repeating: 0, count: limits.count)
        heldJobs = Array(repeating: 0, count: limits.count)
    }

    /// Whether job `index` could ever start (its own size is within every limit).
    func canEverStart(_ index: Int, gpus: Int) -> Bool {
        accounts[index].allSatisfy { account in
            (limits[account].gpus.map { gpus <= $0 } ?? true) && (limits[account].jobs.map { $0 >= 1 } ?? true)
        }
    }

    /// Whether job `index` fits its accounts' limits on top of what they hold now.
    func admits(_ index: Int, gpus: Int) -> Bool {
        accounts[index].allSatisfy { account in
            (limits[account].gpus.map { heldGPUs[account] + gpus <= $0 } ?? true)
                && (limits[account].jobs.map { heldJobs[account] + 1 <= $0 } ?? true)
        }
    }

    mutating func charge(_ index: Int, gpus: Int, sign: Int) {
        for account in accounts[index] {
            heldGPUs[account] += sign * gpus
            heldJobs[account] += sign
        }
    }
}
