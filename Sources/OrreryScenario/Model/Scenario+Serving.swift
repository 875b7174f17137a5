import Foundation
import OrreryKernel
import OrreryHardware
import OrreryServing
import OrreryStorage

/// A `kind: serving` workload: identical model replicas behind a router, fed by a trace.
public struct ServingWorkload: Sendable {
    public var name: String
    public var configuration: ServingConfiguration
    public var requests: ServingRequests
    /// Where the workload was defined, for messages.
    public var origin: JobOrigin
    /// Things worth telling the user that do not stop the run (skipped trace rows).
    public var warnings: [String] = []
}

/// Where a serving workload's requests come from.
public enum ServingRequests: Sendable {
    /// Read from a trace file when the scenario was loaded.
    case trace([ServingRequest])
    /// Generated from the run's seed when the run is prepared.
    case synthetic(SyntheticTrace, count: Int)
}

extension Scenario {
    static let servingKeys = ["kind", "name", "model", "gpu", "replicas", "tp", "pp", "trace", "batching", "router", "timing", "slo", "price-per-gpu-hour", "autoscaler", "disaggregation"]
    static let timingBackends = ["analytic", "table", "operators"]
    static let servingTraceFormats = ["azure-llm-2023", "mooncake", "synthetic"]
    /// Router names accepted in scenarios: the policies' own names plus a short alias.
    static let routerNames: [String: RoutingPolicy] = Dictionary(
        uniqueKeysWithValues: RoutingPolicy.allCases.map { ($0.rawValue, $0) } + [("power-of-two", .powerOfTwoChoices)])
    static let maxServingRequests = 10_000_000

    static func parseServing(
        _ item: ConfigNode, map: ConfigMapping, name: String, baseDirectory: String,
        catalogue: HardwareCatalogue, defaultGPU: GPUSpec?
    ) throws(ScenarioError) -> ServingWorkload {
        try map.checkKeys(allowed: servingKeys)
        let model = try parseServingModel(try map.required("model"))
        let gpu: GPUSpec
        if let gpuNode = map.optional("gpu") {
            let gpuName = try gpuNode.string()
            guard let found = catalogue.gpu(named: gpuName) else {
                throw gpuNode.error(
                    "unknown GPU '\(gpuName)' (catalogue: \(catalogue.gpuNames.joined(separator: ", ")))",
                    suggestion: Suggestion.closest(to: gpuName, among: catalogue.gpuNames))
            }
            gpu = found
        } else if let defaultGPU {
            gpu = defaultGPU
        } else {
            throw item.error("serving workload '\(name)' needs a 'gpu'")
        }
        let replicas = try map.optional("replicas")?.int(in: 1...100_000) ?? 1
        let tp = try map.optional("tp")?.int(in: 1...1024) ?? 1
        var replica = ReplicaConfiguration(model: model, gpu: gpu, tensorParallel: tp)
        replica.pipelineParallel = try map.optional("pp")?.int(in: 1...1024) ?? 1
        if let batching = map.optional("batching") {
            try parseBatching(batching, into: &replica)
        }
        if let timing = map.optional("timing") {
            try parseTiming(timing, into: &replica, baseDirectory: baseDirectory)
        }
        var routing = RoutingPolicy.roundRobin
        if let routerNode = map.optional("router") {
            let routerName = try routerNode.string()
            guard let policy = routerNames[routerName] else {
                let names = RoutingPolicy.allCases.map(\.rawValue)
                throw routerNode.error(
                    "unknown router '\(routerName)' (available: \(names.joined(separator: ", ")))",
                    suggestion: Suggestion.closest(to: routerName, among: Array(routerNames.keys).sorted()))
            }
            routing = policy
        }
        var configuration = ServingConfiguration(replica: replica, replicas: replicas, routing: routing)
        if let sloNode = map.optional("slo") { configuration.slo = try parseSLO(sloNode) }
        if let autoscalerNode = map.optional("autoscaler") {
            configuration.autoscaler = try parseAutoscaler(autoscalerNode, initial: replicas)
        }
        if let splitNode = map.optional("disaggregation") { configuration.disaggregation = try parseDisaggregation(splitNode) }
        if let priceNode = map.optional("price-per-gpu-hour") {
            let price = try priceNode.double()
            // Bounded above so the cost metric stays finite (1e308 $/GPU-h overflowed to inf).
            guard price >= 0, price <= 1e6 else {
                throw priceNode.error("expected a price from 0 to 1,000,000 (dollars per GPU-hour), found \(price)")
            }
            configuration.pricePerGPUHour = price
        }
        configuration.routerStreamName = "serving.\(name).router"
        do { try configuration.validate() } catch { throw item.error("serving workload '\(name)': \(error.description)") }
        var warnings: [String] = []
        let requests = try parseServingTrace(
            try map.required("trace"), workload: name, baseDirectory: baseDirectory, warnings: &warnings)
        // Requests longer than the model's context are rejected on arrival and left out of
        // the SLO: said up front, so a run that meets its SLO is not read as serving them all.
        if case .trace(let list) = requests {
            let model = configuration.replica.model
            let tooLong = list.count { !model.holds(promptTokens: $0.promptTokens, outputTokens: $0.outputTokens) }
            if tooLong > 0 {
                warnings.append(
                    "serving workload '\(name)': \(tooLong) of \(list.count) requests need more than \(model.name)'s \(model.contextLength)-token context (prompt + output); they are rejected on arrival and left out of the SLO")
            }
        }
        return ServingWorkload(
            name: name, configuration: configuration, requests: requests,
            origin: JobOrigin(file: item.location.file, location: item.location, keyPath: item.keyPath), warnings: warnings)
    }

    /// A name from the one model catalogue (``ModelCatalogue``: the training catalogue plus
    /// serving's long-context variants), or an inline shape under the training workload's
    /// keys (``inlineModelKeys``), whose `sequence` is the served context length.
    private static func parseServingModel(_ node: ConfigNode) throws(ScenarioError) -> ModelSpec {
        if let name = try? node.string() {
            guard let model = ModelCatalogue.model(named: name) else {
                throw node.error(
                    "unknown model '\(name)' (catalogue: \(ModelCatalogue.names.joined(separator: ", ")))",
                    suggestion: Suggestion.closest(to: name, among: ModelCatalogue.names))
            }
            return model
        }
        let shape = try parseTrainingModel(node)
        do { return try ModelSpec(transformer: shape) } catch { throw node.error(error.description) }
    }

    private static func parseBatching(_ node: ConfigNode, into replica: inout ReplicaConfiguration) throws(ScenarioError) {
        let map = try node.mapping()
        try map.checkKeys(allowed: [
            "max-seqs", "max-batched-tokens", "chunked-prefill", "prefix-caching", "preemption", "swap-space", "swap-bandwidth",
        ])
        if let mode = map.optional("preemption") { replica.preemption = try mode.enumValue(PreemptionMode.self) }
        if let space = map.optional("swap-space") {
            let bytes = try space.quantity(.bytes)
            guard bytes >= 0, bytes < 1e15 else { throw space.error("expected host memory per GPU ≥ 0, like 4GiB") }
            replica.swapSpaceBytesPerGPU = Int(bytes)
        }
        if let bandwidth = map.optional("swap-bandwidth") { replica.swapBytesPerSecondPerGPU = try bandwidth.quantity(.bandwidth) }
        if let caching = map.optional("prefix-caching") { replica.prefixCaching = try caching.bool() }
        if let seqs = map.optional("max-seqs") { replica.maxSequences = try seqs.int(in: 1...1_000_000) }
        if let tokens = map.optional("max-batched-tokens") { replica.maxBatchedTokens = try tokens.int(in: 1...100_000_000) }
        if let chunked = map.optional("chunked-prefill") {
            // `true`/`false`, or a token budget: chunked prefill with that many tokens per iteration.
            if let flag = try? chunked.bool() {
                replica.chunkedPrefill = flag
            } else {
                let budget: Int
                do { budget = try chunked.int(in: 1...100_000_000) } catch {
                    throw chunked.error("expected true, false or a token budget ≥ 1 (like 512), found \(chunked.found)")
                }
                if let given = replica.maxBatchedTokens, given != budget {
                    throw chunked.error(
                        "chunked-prefill: \(budget) sets the token budget, but max-batched-tokens says \(given); give one of them")
                }
                replica.chunkedPrefill = true
                replica.maxBatchedTokens = budget
            }
        }
    }

    /// `autoscaler: { signal: utilisation, target: 0.7, min: 1, max: 8, interval: 15s,
    /// boot-time: 20s, weights-from: object-store, storage-bandwidth: 2GB/s }`; `signal:
    /// queue` takes `target` as waiting requests per replica. `min` defaults to 1, `max` to
    /// 4 × the replicas; weights load from the storage model's tier (`weights-from`), at
    /// `storage-bandwidth` per replica when given.
    private static func parseAutoscaler(_ node: ConfigNode, initial: Int) throws(ScenarioError) -> AutoscalerConfiguration {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["signal", "target", "min", "max", "interval", "boot-time", "storage-bandwidth", "weights-from"])
        let signalNode = try map.required("signal")
        let signalName = try signalNode.string()
        let target = try positiveNumber(try map.required("target"))
        let signal: AutoscalerConfiguration.Signal
        switch signalName {
        case "utilisation", "utilization": signal = .utilisation(target: target)
        case "queue": signal = .queue(waitingPerReplica: target)
        default:
            throw signalNode.error(
                "unknown autoscaler signal '\(signalName)' (available: utilisation, queue)",
                suggestion: Suggestion.closest(to: signalName, among: ["utilisation", "queue"]))
        }
        var autoscaler = AutoscalerConfiguration(
            signal: signal, minReplicas: try map.optional("min")?.int(in: 1...100_000) ?? 1,
            maxReplicas: try map.optional("max")?.int(in: 1...100_000) ?? Swift.min(4 * initial, 100_000))
        if let interval = map.optional("interval") { autoscaler.interval = try interval.duration() }
        if let boot = map.optional("boot-time") { autoscaler.bootTime = try boot.duration() }
        if let bandwidth = map.optional("storage-bandwidth") {
            autoscaler.weightLoading.perReplicaBytesPerSecond = try bandwidth.quantity(.bandwidth)
        }
        if let tier = map.optional("weights-from") { autoscaler.weightLoading.tier = try tier.enumValue(StorageTarget.self) }
        return autoscaler
    }

    /// `disaggregation: { prefill-replicas: 2, link-bandwidth: 50GB/s, latency: 20us }`.
    private static func parseDisaggregation(_ node: ConfigNode) throws(ScenarioError) -> DisaggregationConfiguration {
        let map = try node.mapping()
        try map.checkKeys(allowed: ["prefill-replicas", "link-bandwidth", "latency"])
        var disaggregation = DisaggregationConfiguration(prefillReplicas: try map.required("prefill-replicas").int(in: 1...100_000))
        if let link = map.optional("link-bandwidth") { disaggregation.linkBandwidthBytesPerSecond = try link.quantity(.bandwidth) }
        if let latency = map.optional("latency") { disaggregation.setUpLatency = try latency.duration() }
        return disaggregation
    }

    /// `slo: { ttft-p90: 2s, tpot-p99: 200ms }`: limits by measure and percentile.
    private static func parseSLO(_ node: ConfigNode) throws(ScenarioError) -> ServingSLO {
        let map = try node.mapping()
        var targets: [ServingSLO.Target] = []
        for (key, value) in map.pairs {
            let limit = try value.duration()
            do { targets.append(try ServingSLO.Target(name: key, limit: limit)) } catch {
                throw value.error(error.description)
            }
        }
        do { return try ServingSLO(targets: targets) } catch { throw node.error(error.description) }
    }

    /// `timing: { backend: analytic, host-overhead: 1ms, all-reduce-latency: 10us }`,
    /// `timing: { backend: table, path: profile.csv }` or `timing: { backend: operators,
    /// path: ops.csv }` (with the analytic keys too) (docs/serving.md, "Timing backends").
    private static func parseTiming(
        _ node: ConfigNode, into replica: inout ReplicaConfiguration, baseDirectory: String
    ) throws(ScenarioError) {
        let map = try node.mapping()
        let backendNode = try map.required("backend")
        let backend = try backendNode.string()
        guard timingBackends.contains(backend) else {
            throw backendNode.error(
                "unknown timing backend '\(backend)' (available: \(timingBackends.joined(separator: ", ")))",
                suggestion: Suggestion.closest(to: backend, among: timingBackends))
        }
        if backend != "table" {
            // The analytic constants also price communication and host work for operator profiles.
            try map.checkKeys(allowed: ["backend", "host-overhead", "all-reduce-latency"] + (backend == "operators" ? ["path"] : []))
            if let overhead = map.optional("host-overhead") { replica.iterationOverhead = try overhead.duration() }
            if let latency = map.optional("all-reduce-latency") { replica.allReduceLatency = try latency.duration() }
            if backend == "analytic" { return }
        } else {
            try map.checkKeys(allowed: ["backend", "path"])
        }
        let pathNode = try map.required("path")
        let relative = try pathNode.string()
        let path = relative.hasPrefix("/") ? relative : URL(fileURLWithPath: baseDirectory).appendingPathComponent(relative).path
        do {
            if backend == "operators" {
                replica.operatorProfile = try OperatorProfile.load(path: path)
            } else {
                replica.timingTable = try IterationTimeTable.load(path: path)
            }
        } catch {
            guard error.line > 0 else { throw pathNode.error("timing table '\(relative)': \(error.message)") }
            throw ScenarioError(
                file: error.file, location: SourceLocation(file: error.file, line: error.line, column: 1), message: error.message)
        }
    }

    private static func parseServingTrace(
        _ node: ConfigNode, workload: String, baseDirectory: String, warnings: inout [String]
    ) throws(ScenarioError) -> ServingRequests {
        let map = try node.mapping()
        let format = try traceFormat(map)
        if format == "synthetic" {
            try map.checkKeys(allowed: [
                "format", "requests", "rate-per-second", "prompt-median", "output-median", "prompt-sigma", "output-sigma",
                "max-prompt", "max-output", "burstiness", "lengths-from",
            ])
            let count = try map.required("requests").int(in: 1...maxServingRequests)
            let rate = try positiveNumber(try map.required("rate-per-second"))
            func positive(_ key: String, default value: Double) throws(ScenarioError) -> Double {
                guard let node = map.optional(key) else { return value }
                return try positiveNumber(node)
            }
            var empirical: EmpiricalLengths?
            if let source = map.optional("lengths-from") {
                let sourceMap = try source.mapping()
                try sourceMap.checkKeys(allowed: ["format", "path", "on-bad-row"])
                let load = try loadTraceFile(sourceMap, format: try traceFormat(sourceMap, files: true), baseDirectory: baseDirectory)
                warnings += load.warning.map { [$0] } ?? []
                do { empirical = try EmpiricalLengths(load.requests) } catch { throw source.error(error.description) }
            }
            do {
                var trace = try SyntheticTrace(
                    ratePerSecond: rate,
                    promptTokens: .lognormal(median: try positive("prompt-median", default: 1000), sigma: try positive("prompt-sigma", default: 0.8)),
                    outputTokens: .lognormal(median: try positive("output-median", default: 200), sigma: try positive("output-sigma", default: 0.8)),
                    maximumPromptTokens: try map.optional("max-prompt")?.int(in: 1...10_000_000) ?? 4096,
                    maximumOutputTokens: try map.optional("max-output")?.int(in: 1...10_000_000) ?? 4096,
                    burstiness: try positive("burstiness", default: 1))
                trace.streamName = "serving.\(workload).arrivals"
                trace.empiricalLengths = empirical
                return .synthetic(trace, count: count)
            } catch let error as ScenarioError {
                throw error
            } catch {
                throw node.error("\(error)")
            }
        }
        try map.checkKeys(allowed: ["format", "path", "on-bad-row", "rate-per-second"])
        let load = try loadTraceFile(map, format: format, baseDirectory: baseDirectory)
        warnings += load.warning.map { [$0] } ?? []
        guard let rateNode = map.optional("rate-per-second") else { return .trace(load.requests) }
        // Scaled replay: the trace's own arrivals stretched to the target mean rate.
        let rate = try positiveNumber(rateNode)
        do { return .trace(try load.requests.scaled(toRatePerSecond: rate)) } catch { throw rateNode.error(error.description) }
    }

    /// The `format` of a trace mapping; `files` leaves out formats that are not files.
    private static func traceFormat(_ map: ConfigMapping, files: Bool = false) throws(ScenarioError) -> String {
        let formatNode = try map.required("format")
        let format = try formatNode.string()
        let formats = files ? servingTraceFormats.filter { $0 != "synthetic" } : servingTraceFormats
        guard formats.contains(format) else {
            throw formatNode.error(
                "unknown serving trace format '\(format)' (available: \(formats.joined(separator: ", ")))",
                suggestion: Suggestion.closest(to: format, among: formats))
        }
        return format
    }

    private static func positiveNumber(_ node: ConfigNode) throws(ScenarioError) -> Double {
        let number = try node.double()
        guard number > 0 else { throw node.error("expected a value > 0, found \(number)") }
        return number
    }

    /// Reads an Azure or Mooncake trace file named by `path`, failing or skipping bad rows
    /// as `on-bad-row` says.
    private static func loadTraceFile(_ map: ConfigMapping, format: String, baseDirectory: String) throws(ScenarioError) -> TraceLoad {
        let pathNode = try map.required("path")
        let relative = try pathNode.string()
        let path = relative.hasPrefix("/") ? relative : URL(fileURLWithPath: baseDirectory).appendingPathComponent(relative).path
        let badRows = try map.optional("on-bad-row")?.enumValue(BadRowPolicy.self) ?? .fail
        let load: TraceLoad
        do {
            load = format == "mooncake"
                ? try MooncakeTrace.load(path: path, badRows: badRows) : try AzureLLMTrace.load(path: path, badRows: badRows)
        } catch {
            guard error.line > 0 else { throw pathNode.error("cannot read the \(format) trace '\(relative)': \(error.message)") }
            throw ScenarioError(
                file: error.file, location: SourceLocation(file: error.file, line: error.line, column: 1), message: error.message)
        }
        guard !load.requests.isEmpty else { throw pathNode.error("the \(format) trace '\(relative)' has no requests") }
        guard load.requests.count <= maxServingRequests else {
            throw pathNode.error("the \(format) trace '\(relative)' has more than \(maxServingRequests) requests")
        }
        return load
    }
}
