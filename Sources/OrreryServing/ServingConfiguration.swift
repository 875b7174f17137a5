/// A serving deployment: identical replicas behind one router.
public struct ServingConfiguration: Sendable {
    public var replica: ReplicaConfiguration
    /// Number of identical replicas, ≥ 1 (the starting count under an autoscaler).
    public var replicas: Int
    public var routing: RoutingPolicy
    /// The latency objective to judge the run against (SLO metrics), if any.
    public var slo: ServingSLO?
    /// Price of one GPU-hour in dollars for the cost metric; nil uses
    /// ``GPUPricing/defaultPricePerGPUHour(gpu:)``, and no cost metric if that has none.
    public var pricePerGPUHour: Double?
    /// Scales the replica count between its bounds; nil keeps `replicas` fixed.
    public var autoscaler: AutoscalerConfiguration?
    /// Splits the replicas into prefill and decode pools; nil serves both phases everywhere.
    public var disaggregation: DisaggregationConfiguration?

    /// The random stream power-of-two choices draws from; scenarios name it after their
    /// workload (`serving.<name>.router`) so deployments draw independently.
    public var routerStreamName = "serving.router"

    public init(replica: ReplicaConfiguration, replicas: Int = 1, routing: RoutingPolicy = .roundRobin) {
        self.replica = replica
        self.replicas = replicas
        self.routing = routing
    }

    public func validate() throws(ServingError) {
        guard replicas >= 1 else { throw .invalidConfiguration("replicas must be ≥ 1, got \(replicas)") }
        if let pricePerGPUHour, !(pricePerGPUHour.isFinite && pricePerGPUHour >= 0) {
            throw .invalidConfiguration("price per GPU-hour must be a finite amount ≥ 0, got \(pricePerGPUHour)")
        }
        try autoscaler?.validate(initialReplicas: replicas)
        try disaggregation?.validate(replicas: replicas)
        if autoscaler != nil, disaggregation != nil {
            throw .invalidConfiguration("autoscaling disaggregated pools is not supported yet: use one or the other")
        }
        try replica.validate()
    }
}
