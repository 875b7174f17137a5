import OrreryKernel

/// A rigid job: it needs `gpus` GPUs at once (a gang) for `duration`, from the moment it
/// starts. Later issues add elastic and simulated (training) jobs; this is the trace form.
public struct JobSpec: Sendable, Equatable {
    public var id: String
    public var tenant: String
    public var gpus: Int
    public var submit: SimTime
    public var duration: SimTime
    /// Restricts placement to nodes with this GPU model (catalogue name), if set.
    public var gpuType: String?

    public init(id: String, tenant: String = "default", gpus: Int, submit: SimTime, duration: SimTime, gpuType: String? = nil) {
        self.id = id
        self.tenant = tenant
        self.gpus = gpus
        self.submit = submit
        self.duration = duration
        self.gpuType = gpuType
    }
}
