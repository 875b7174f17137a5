/// A serving deployment: identical replicas behind one router.
public struct ServingConfiguration: Sendable {
    public var replica: ReplicaConfiguration
    /// Number of identical replicas, ≥ 1.
    public var replicas: Int
    public var routing: RoutingPolicy

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
        try replica.validate()
    }
}
