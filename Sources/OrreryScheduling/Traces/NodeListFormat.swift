/// Formats of node lists that define a cluster node by node, as traces ship them. Names
/// are the `format:` values of a scenario's `cluster.node-list`.
public enum NodeListFormat: String, CaseIterable, Sendable {
    /// Alibaba cluster-trace-gpu-v2023 `openb_node_list_*.csv`: a header with at least
    /// `sn, cpu_milli, memory_mib, gpu, model`, one node per line. Each becomes a node named
    /// `sn` with `gpu` GPUs of type `model`, `cpu_milli` milli-cores and `memory_mib` MiB.
    /// Nodes without GPUs (`gpu` = 0, in `openb_node_list_all_node.csv`) are left out and
    /// counted: Orrery's jobs all need a GPU.
    case alibabaOpenb = "alibaba-openb"

    /// The nodes of a list, in file order, and how many were left out (GPU-less nodes).
    public struct Loaded: Sendable {
        public var nodes: [SchedulerNode] = []
        public var withoutGPUs = 0
    }

    public func load(path: String) throws(TraceError) -> Loaded {
        try parse(try TraceFormat.read(path), file: path)
    }

    public func parse(_ text: String, file: String) throws(TraceError) -> Loaded {
        var records = DelimitedText(text, separator: ",").records[...]
        guard let first = records.popFirst() else {
            throw TraceError(file: file, message: "the node list is empty: expected a header 'sn,cpu_milli,memory_mib,gpu,model'")
        }
        let header = try CSVHeader(first, file: file, required: ["sn", "cpu_milli", "memory_mib", "gpu", "model"])
        func column(_ name: String) -> Int { header.position(name) ?? 0 }
        var loaded = Loaded()
        var names = Set<String>()
        for record in records {
            let row = FieldReader(file: file, record: record)
            guard record.fields.count == header.names.count else {
                throw row.error("expected \(header.names.count) fields, found \(record.fields.count)")
            }
            let name = try row.text(column("sn"), "sn")
            guard !name.isEmpty else { throw row.error("field 'sn': expected a node name, found nothing") }
            guard names.insert(name).inserted else { throw row.error("field 'sn': node '\(name)' is listed twice") }
            let gpus = try row.integer(column("gpu"), "gpu", in: 0...GPUSet.capacity)
            let cpu = try row.integer(column("cpu_milli"), "cpu_milli", in: 0...maxHostMilli)
            let memory = try row.integer(column("memory_mib"), "memory_mib", in: 0...maxHostMilli)
            guard gpus > 0 else {
                loaded.withoutGPUs += 1
                continue
            }
            let model = try row.text(column("model"), "model")
            guard !model.isEmpty else { throw row.error("field 'model': expected the GPU model of a node with \(gpus) GPUs, found nothing") }
            loaded.nodes.append(SchedulerNode(name: name, gpuType: model, gpus: gpus, cpuMilli: cpu, memoryMiB: memory))
        }
        guard !loaded.nodes.isEmpty else { throw TraceError(file: file, message: "the node list has no node with GPUs") }
        return loaded
    }
}
