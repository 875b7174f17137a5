/// How many ways each dimension of the model and the batch is split.
///
/// GPUs = tensor × context × data × pipeline. Expert parallelism does not multiply the
/// count: as in Megatron-LM, the expert-parallel group is carved out of the data-parallel
/// group (experts are sharded over `expert` of the `data` replicas).
public struct ParallelLayout: Hashable, Sendable, CustomStringConvertible {
    public var tensor: Int
    public var pipeline: Int
    public var data: Int
    public var context: Int
    public var expert: Int
    /// The job's first global rank: its GPUs are `firstRank ..< firstRank + gpus`
    /// (a multiple of the node size keeps tensor groups inside NVLink domains).
    public var firstRank: Int = 0

    public init(tensor: Int = 1, pipeline: Int = 1, data: Int = 1, context: Int = 1, expert: Int = 1) {
        self.tensor = tensor
        self.pipeline = pipeline
        self.data = data
        self.context = context
        self.expert = expert
    }

    public var gpus: Int { tensor * pipeline * data * context }

    public var description: String { "TP\(tensor) PP\(pipeline) DP\(data) CP\(context) EP\(expert)" }

    /// The global rank of one coordinate. Megatron's order, fastest first: tensor, context,
    /// data, pipeline — so a tensor group is `tensor` consecutive ranks (one NVLink domain
    /// when it fits) and pipeline stages are the farthest apart.
    public func rank(tensor t: Int, context c: Int, data d: Int, stage p: Int) -> Int {
        firstRank + t + tensor * (c + context * (d + data * p))
    }

    /// Ranks of the data-parallel group through (t, c, stage).
    public func dataGroup(tensor t: Int, context c: Int, stage p: Int) -> [Int] {
        (0..<data).map { rank(tensor: t, context: c, data: $0, stage: p) }
    }

    /// Ranks of expert-parallel group `group` through (t, c, stage): `expert`
    /// consecutive data-parallel indices, `group·expert ..< (group+1)·expert` (Megatron
    /// carves expert-parallel groups out of the data-parallel group this way). They
    /// exchange tokens with all-to-alls.
    public func expertGroup(tensor t: Int, context c: Int, group: Int, stage p: Int) -> [Int] {
        (0..<expert).map { rank(tensor: t, context: c, data: group * expert + $0, stage: p) }
    }

    /// Ranks holding expert shard `shard` through (t, c, stage): the expert-data-parallel
    /// group, data indices `shard, shard + expert, …`, that reduces those experts' gradients.
    public func expertDataGroup(tensor t: Int, context c: Int, shard: Int, stage p: Int) -> [Int] {
        stride(from: shard, to: data, by: expert).map { rank(tensor: t, context: c, data: $0, stage: p) }
    }

    /// Ranks of the tensor-parallel group through (c, d, stage).
    public func tensorGroup(context c: Int, data d: Int, stage p: Int) -> [Int] {
        (0..<tensor).map { rank(tensor: $0, context: c, data: d, stage: p) }
    }

    /// Ranks of the context-parallel group through (t, d, stage).
    public func contextGroup(tensor t: Int, data d: Int, stage p: Int) -> [Int] {
        (0..<context).map { rank(tensor: t, context: $0, data: d, stage: p) }
    }
}
