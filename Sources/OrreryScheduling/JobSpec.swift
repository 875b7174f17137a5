import OrreryKernel

/// A rigid job: it needs `gpus` GPUs at once (a gang) for `duration`, from the moment it
/// starts. Later issues add elastic and simulated (training) jobs; this is the trace form.
public struct JobSpec: Sendable, Equatable {
    public var id: String
    /// Who pays: a team or virtual cluster. A `/` nests it (`research/vision` is project
    /// `vision` of domain `research`) for hierarchical quotas.
    public var tenant: String
    /// The submitting user within the tenant, if the trace says; empty if not.
    public var user: String
    public var gpus: Int
    public var submit: SimTime
    public var duration: SimTime
    /// Restricts placement to nodes with this GPU model (catalogue name), if set.
    public var gpuType: String?
    /// The job's priority class: higher is more important. Only priority-aware policies
    /// (`priority`) and the `lowest-priority` victim order read it; traces without one
    /// give every job 0.
    public var priority: Int

    public init(
        id: String, tenant: String = "default", gpus: Int, submit: SimTime, duration: SimTime, gpuType: String? = nil,
        priority: Int = 0, user: String = ""
    ) {
        self.user = user
        self.id = id
        self.tenant = tenant
        self.gpus = gpus
        self.submit = submit
        self.duration = duration
        self.gpuType = gpuType
        self.priority = priority
    }
}
