import Foundation
import Testing
import OrreryKernel
import OrreryScheduling
import OrreryServing
@testable import OrreryScenario

private func loadServing(_ yaml: String, files: [String: String] = [:]) throws -> Scenario {
    let directory = try scratchDirectory(files.merging(["s.yaml": yaml]) { a, _ in a })
    return try Scenario.load(path: directory + "/s.yaml")
}

/// The first error's text, or nil if the scenario loaded.
private func servingFailure(_ yaml: String, files: [String: String] = [:]) -> String? {
    do { _ = try loadServing(yaml, files: files); return nil } catch { return "\(error)" }
}

private let azure = """
    TIMESTAMP,ContextTokens,GeneratedTokens
    2023-11-16 18:15:46.6805900,374,44
    2023-11-16 18:15:50.9951690,396,109
    2023-11-16 18:15:51.0000000,1200,300

    """

private func servingYAML(_ workload: String, jobs: Bool = false, nodes: Int = 1) -> String {
    """
    name: sv
    cluster:
      nodes:
        - { type: DGX-A100, count: \(nodes) }
    workloads:
    \(workload)
    """ + (jobs ? "\n  - kind: jobs\n    jobs:\n      - { id: a, gpus: 8, duration: 1h }\n" : "\n")
}

private let chat = """
      - kind: serving
        name: chat
        model: llama-2-7b
        gpu: A100-80GB
        replicas: 2
        tp: 1
        trace: { format: azure-llm-2023, path: t.csv }
        batching: { max-seqs: 128, chunked-prefill: 512 }
        router: power-of-two
    """

private let synthetic = """
      - kind: serving
        name: syn
        model: Llama-3-8B
        trace: { format: synthetic, requests: 200, rate-per-second: 5, prompt-median: 500, output-median: 100 }
    """

struct ScenarioServingTests {
    @Test func servingWorkloadParses() throws {
        let s = try loadServing(servingYAML(chat), files: ["t.csv": azure])
        #expect(s.workloads.isEmpty)
        let w = try #require(s.serving.first)
        #expect(w.name == "chat")
        #expect(w.configuration.replicas == 2)
        #expect(w.configuration.routing == .powerOfTwoChoices)
        #expect(w.configuration.replica.model.name == "Llama-2-7B")
        #expect(w.configuration.replica.gpu.name == "A100-80GB")
        #expect(w.configuration.replica.maxSequences == 128)
        #expect(w.configuration.replica.chunkedPrefill)
        #expect(w.configuration.replica.maxBatchedTokens == 512)
        guard case .trace(let requests) = w.requests else { Issue.record("expected trace requests"); return }
        #expect(requests.count == 3)
    }

    @Test func gpuDefaultsToTheClustersFirstNodeType() throws {
        let s = try loadServing(servingYAML(synthetic))
        #expect(s.serving.first?.configuration.replica.gpu.name == "A100-80GB")
        #expect(s.serving.first?.configuration.routing == .roundRobin)
    }

    @Test func jobsAndServingTogether() throws {
        let s = try loadServing(servingYAML(chat + "\n" + synthetic, jobs: true, nodes: 2), files: ["t.csv": azure])
        #expect(s.workloads.count == 1)
        #expect(s.serving.map(\.name) == ["chat", "syn"])
        let run = s.prepare()
        // Three replicas hold GPUs 0–2 of the first node; the 8-GPU job takes the second.
        #expect(run.jobs.cluster.allocatedGPUs == 3)
        _ = run.simulation.run(until: .max)
        let names = run.metrics().map(\.name)
        #expect(names.contains("jobs.finished"))
        #expect(names.contains("serving.chat.ttft.p50"))
        #expect(names.contains("serving.syn.requests.finished"))
        #expect(!names.contains("serving.ttft.p50"))
    }

    /// Replicas take GPUs of their type from the cluster: jobs see what is left, and a
    /// deployment larger than the cluster is an error naming it.
    @Test func replicasTakeClusterGPUs() throws {
        let crowded = try #require(servingFailure(servingYAML(chat + "\n" + synthetic, jobs: true), files: ["t.csv": azure]))
        #expect(crowded.contains("job 'a' needs 8 GPUs but only 5 of the cluster's 8 are left beside the 3 serving replicas hold"), "\(crowded)")
        let big = chat.replacingOccurrences(of: "tp: 1", with: "tp: 4").replacingOccurrences(of: "replicas: 2", with: "replicas: 3")
        let tooBig = try #require(servingFailure(servingYAML(big), files: ["t.csv": azure]))
        #expect(tooBig.contains("serving workload 'chat' needs 3 replicas of 4 × A100-80GB but only 2 fit"), "\(tooBig)")
        #expect(tooBig.contains("workloads[0]"), "\(tooBig)")
        let elsewhere = chat.replacingOccurrences(of: "gpu: A100-80GB", with: "gpu: H100-SXM")
        let missing = try #require(servingFailure(servingYAML(elsewhere), files: ["t.csv": azure]))
        #expect(missing.contains("runs on H100-SXM, which this cluster does not have"), "\(missing)")
    }

    /// Replicas pack into nodes (never straddling one when they fit in it) and a replica
    /// larger than a node takes whole nodes; ranks follow the node order.
    @Test func replicasPackOntoNodes() throws {
        let yaml = """
              - kind: serving
                name: a
                model: llama-2-7b
                replicas: 3
                tp: 2
                pp: 1
                trace: { format: synthetic, requests: 10, rate-per-second: 1 }
              - kind: serving
                name: b
                model: llama-2-70b
                tp: 4
                pp: 4
                trace: { format: synthetic, requests: 10, rate-per-second: 1 }
            """
        let s = try loadServing(servingYAML(yaml, nodes: 3))
        let sites = try s.servingSites()
        #expect(sites[0].placement.firstRanks == [0, 2, 4])
        #expect(sites[1].placement.firstRanks == [8])
        #expect(sites[1].reserved.map(\.node) == [1, 2])
        let run = s.prepare()
        #expect(run.jobs.cluster.allocatedGPUs == 6 + 16)
    }

    /// Training workloads take whole nodes from the first; replicas go after them.
    @Test func replicasGoAfterTrainingNodes() throws {
        let training = """
              - kind: training
                name: t
                model: GPT-1.7B
                parallelism: { tp: 8 }
                global-batch: 8
                steps: 1
            """
        let s = try loadServing(servingYAML(training + "\n" + synthetic, nodes: 2))
        let sites = try s.servingSites()
        #expect(sites.first?.placement.firstRanks == [8])
        #expect(sites.first?.reserved == [Placement.Share(node: 1, gpus: [0])])
        let full = try #require(servingFailure(servingYAML(training + "\n" + synthetic, nodes: 1)))
        #expect(full.contains("serving workload 'syn' needs 1 replica of 1 × A100-80GB but only 0 fit"), "\(full)")
    }

    /// With `cluster.fabric`, KV caches move over that fabric, between the replicas'
    /// nodes; `link-bandwidth` belongs to the default fabric and is refused beside it.
    @Test func disaggregationRunsOnTheClusterFabric() throws {
        let yaml = """
            name: fab
            cluster:
              nodes:
                - { type: DGX-H100, count: 2 }
              fabric: { preset: dgx-h100-superpod }
            workloads:
              - kind: serving
                model: llama-3-8b
                replicas: 2
                tp: 8
                trace: { format: synthetic, requests: 40, rate-per-second: 10, max-output: 64 }
                disaggregation: { prefill-replicas: 1 }

            """
        let s = try loadServing(yaml)
        #expect(try s.servingSites().first?.placement.firstRanks == [0, 8])
        let run = s.prepare()
        run.simulation.run(until: .max)
        let model = try #require(run.serving.first?.model)
        #expect(model.network?.topology.nodeCount == 2)
        let metrics = run.metrics()
        let finished = metrics.first { $0.name == "serving.requests.finished" }?.value
        let transfers = metrics.first { $0.name == "serving.kv-transfers" }?.value ?? 0
        #expect(finished == 40 && transfers > 30)
        let refused = try #require(servingFailure(yaml.replacingOccurrences(
            of: "prefill-replicas: 1 }", with: "prefill-replicas: 1, link-bandwidth: 10GB/s }")))
        #expect(refused.contains("with cluster.fabric, set its 'link' instead"), "\(refused)")
    }

    @Test func oneServingWorkloadKeepsPlainNames() throws {
        let s = try loadServing(servingYAML(synthetic))
        let run = s.prepare()
        _ = run.simulation.run(until: .max)
        let metrics = run.metrics()
        #expect(!metrics.contains { $0.name.hasPrefix("jobs.") })
        #expect(metrics.first { $0.name == "serving.requests.finished" }?.value == 200)
        #expect(metrics.contains { $0.name == "serving.ttft.p99" })
    }

    @Test func runsAreDeterministicPerSeed() throws {
        let s = try loadServing(servingYAML(synthetic))
        func values(_ seed: UInt64) -> [Double] {
            let run = s.prepare(seed: seed)
            _ = run.simulation.run(until: .max)
            return run.metrics().map(\.value)
        }
        #expect(values(3) == values(3))
        #expect(values(3) != values(4))
    }

    /// Each workload draws from streams named after it, so adding a second synthetic
    /// workload in front leaves the first one's requests and results unchanged.
    @Test func addingAWorkloadDoesNotPerturbAnother() throws {
        let other = synthetic.replacingOccurrences(of: "name: syn", with: "name: other")
            .replacingOccurrences(of: "rate-per-second: 5", with: "rate-per-second: 3")
        func synMetrics(_ yaml: String) throws -> [String: Double] {
            let run = try loadServing(yaml).prepare(seed: 11)
            _ = run.simulation.run(until: .max)
            var byName: [String: Double] = [:]
            for metric in run.metrics() { byName[metric.name.replacingOccurrences(of: "serving.syn.", with: "serving.")] = metric.value }
            return byName
        }
        let alone = try synMetrics(servingYAML(synthetic))
        let together = try synMetrics(servingYAML(other + "\n" + synthetic))
        #expect(alone["serving.ttft.p50"] != nil)
        for name in ["serving.requests.finished", "serving.ttft.p50", "serving.e2e.p99", "serving.tpot.mean"] {
            #expect(alone[name] == together[name], "\(name)")
        }
    }

    @Test(arguments: [
        ("model: llama-2-7", "unknown model 'llama-2-7'", "Llama-2-7B"),
        ("gpu: A100-80G", "unknown GPU 'A100-80G'", "A100-80GB"),
        ("router: round-robn", "unknown router 'round-robn'", "round-robin"),
        ("replicsa: 2", "replicsa", "replicas"),
        ("batching: { max-seq: 4 }", "max-seq", "max-seqs"),
    ])
    func typosNameTheKeyAndSuggest(line: String, message: String, suggestion: String) throws {
        let base = """
              - kind: serving
                name: chat
                model: llama-2-7b
                trace: { format: azure-llm-2023, path: t.csv }
            """
        let key = String(line.split(separator: ":")[0])
        let yaml: String
        if base.contains("    \(key):") {
            yaml = base.split(separator: "\n").map { $0.hasPrefix("    \(key):") ? "    \(line)" : String($0) }
                .joined(separator: "\n")
        } else {
            yaml = base + "\n    \(line)"
        }
        let text = try #require(servingFailure(servingYAML(yaml), files: ["t.csv": azure]))
        #expect(text.contains(message), "\(text)")
        #expect(text.contains(suggestion), "\(text)")
        #expect(text.contains("s.yaml:"), "\(text)")
        #expect(text.contains("workloads[0]"), "\(text)")
    }

    @Test func unknownTraceFormatSuggests() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                trace: { format: azure-llm, path: t.csv }
            """
        let text = try #require(servingFailure(servingYAML(yaml), files: ["t.csv": azure]))
        #expect(text.contains("azure-llm-2023"), "\(text)")
        #expect(text.contains("workloads[0].trace.format"), "\(text)")
    }

    @Test func badTraceRowNamesTheTraceFileAndLine() throws {
        let bad = "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,x,109\n"
        let text = try #require(servingFailure(servingYAML(chat), files: ["t.csv": bad]))
        #expect(text.contains("t.csv:3"), "\(text)")
        #expect(text.contains("ContextTokens"), "\(text)")
    }

    private static let profile = "prefill_tokens,decode_sequences,time_ms\n0,1,8\n0,64,12\n2048,1,180\n2048,64,190\n"

    private static func timed(_ timing: String) -> String {
        """
              - kind: serving
                name: chat
                model: llama-2-7b
                gpu: A100-80GB
                trace: { format: azure-llm-2023, path: t.csv }
                timing: \(timing)
            """
    }

    @Test func timingTableLoads() throws {
        let s = try loadServing(
            servingYAML(Self.timed("{ backend: table, path: p.csv }")), files: ["t.csv": azure, "p.csv": Self.profile])
        let table = try #require(s.serving.first?.configuration.replica.timingTable)
        #expect(table.prefillTokens == [0, 2048])
    }

    @Test func analyticTimingOverridesConstants() throws {
        let s = try loadServing(
            servingYAML(Self.timed("{ backend: analytic, host-overhead: 2ms, all-reduce-latency: 20us }")),
            files: ["t.csv": azure])
        let replica = try #require(s.serving.first?.configuration.replica)
        #expect(replica.iterationOverhead == SimTime.millisecond.scaled(by: 2))
        #expect(replica.allReduceLatency == SimTime.microsecond.scaled(by: 20))
    }

    @Test func operatorProfileLoadsBesideAnalyticConstants() throws {
        let ops = """
            operator,tokens,context,time_ms
            linear,1,0,0.2
            attention_prefill,1,0,0.01
            attention_decode,1,0,0.01

            """
        let s = try loadServing(
            servingYAML(Self.timed("{ backend: operators, path: ops.csv, host-overhead: 2ms }")),
            files: ["t.csv": azure, "ops.csv": ops])
        let replica = try #require(s.serving.first?.configuration.replica)
        #expect(replica.operatorProfile != nil && replica.timingTable == nil)
        #expect(replica.iterationOverhead == SimTime.millisecond.scaled(by: 2))
        let bad = ops.replacingOccurrences(of: "attention_decode,1,0,0.01", with: "attention_decode,1,0,-1")
        let text = try #require(
            servingFailure(servingYAML(Self.timed("{ backend: operators, path: ops.csv }")), files: ["t.csv": azure, "ops.csv": bad]))
        #expect(text.contains("ops.csv:4"), "\(text)")
    }

    @Test func badTimingTableRowNamesFileAndLine() throws {
        let bad = "prefill_tokens,decode_sequences,time_ms\n0,1,8\n0,x,12\n"
        let text = try #require(
            servingFailure(servingYAML(Self.timed("{ backend: table, path: p.csv }")), files: ["t.csv": azure, "p.csv": bad]))
        #expect(text.contains("p.csv:3"), "\(text)")
        #expect(text.contains("decode_sequences"), "\(text)")
    }

    @Test func unknownTimingBackendSuggests() throws {
        let text = try #require(servingFailure(servingYAML(Self.timed("{ backend: tabel, path: p.csv }")), files: ["t.csv": azure]))
        #expect(text.contains("unknown timing backend 'tabel'"), "\(text)")
        #expect(text.contains("table"), "\(text)")
    }

    @Test func prefixCachingAndAffinityParse() throws {
        let mooncake = """
            {"timestamp": 0, "input_length": 1200, "output_length": 20, "hash_ids": [0, 1, 2]}
            {"timestamp": 500, "input_length": 1300, "output_length": 20, "hash_ids": [0, 1, 3]}

            """
        let yaml = """
              - kind: serving
                name: chat
                model: llama-2-7b
                gpu: A100-80GB
                replicas: 2
                trace: { format: mooncake, path: m.jsonl }
                batching: { prefix-caching: true }
                router: prefix-affinity
            """
        let s = try loadServing(servingYAML(yaml), files: ["m.jsonl": mooncake])
        let w = try #require(s.serving.first)
        #expect(w.configuration.replica.prefixCaching)
        #expect(w.configuration.routing == .prefixAffinity)
    }

    @Test func skippedRowsBecomeAWarning() throws {
        let bad = "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,x,109\n"
        let yaml = """
              - kind: serving
                model: llama-2-7b
                trace: { format: azure-llm-2023, path: t.csv, on-bad-row: skip }
            """
        let s = try loadServing(servingYAML(yaml), files: ["t.csv": bad])
        let w = try #require(s.serving.first)
        #expect(w.warnings.count == 1)
        #expect(w.warnings.first?.contains("t.csv: skipped 1 malformed row") == true)
    }

    /// Requests longer than the model's context (Llama-2-7B: 4,096 tokens) are counted
    /// in a warning when the scenario loads: the run rejects them and the SLO leaves them out.
    @Test func requestsBeyondTheContextBecomeAWarning() throws {
        let trace = """
            TIMESTAMP,ContextTokens,GeneratedTokens
            2023-11-16 18:15:46.6805900,374,44
            2023-11-16 18:15:47.0000000,4000,97
            2023-11-16 18:15:48.0000000,4000,96

            """
        let yaml = """
              - kind: serving
                model: llama-2-7b
                trace: { format: azure-llm-2023, path: t.csv }
            """
        let s = try loadServing(servingYAML(yaml), files: ["t.csv": trace])
        let w = try #require(s.serving.first)
        #expect(w.warnings.count == 1)
        #expect(w.warnings.first?.contains("1 of 3 requests need more than Llama-2-7B's 4096-token context") == true, "\(w.warnings)")
    }

    @Test func replayAtATargetRate() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                trace: { format: azure-llm-2023, path: t.csv, rate-per-second: 2 }
            """
        let s = try loadServing(servingYAML(yaml), files: ["t.csv": azure])
        guard case .trace(let requests) = try #require(s.serving.first).requests else {
            Issue.record("expected a trace")
            return
        }
        #expect(abs(requests.arrivalRatePerSecond - 2) < 1e-6)
    }

    @Test func burstySyntheticWithEmpiricalLengths() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                trace:
                  format: synthetic
                  requests: 50
                  rate-per-second: 4
                  burstiness: 2.5
                  lengths-from: { format: azure-llm-2023, path: t.csv }
            """
        let s = try loadServing(servingYAML(yaml), files: ["t.csv": azure])
        guard case .synthetic(let trace, let count) = try #require(s.serving.first).requests else {
            Issue.record("expected a synthetic trace")
            return
        }
        #expect(count == 50)
        #expect(trace.burstiness == 2.5)
        #expect(trace.empiricalLengths?.prompt == [374, 396, 1200])
    }

    @Test func sloAndPriceParse() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                trace: { format: azure-llm-2023, path: t.csv }
                slo: { ttft-p90: 2s, tpot-p99: 200ms }
                price-per-gpu-hour: 2.5
            """
        let s = try loadServing(servingYAML(yaml), files: ["t.csv": azure])
        let configuration = try #require(s.serving.first?.configuration)
        #expect(configuration.slo?.targets.map(\.name) == ["ttft-p90", "tpot-p99"])
        #expect(configuration.slo?.targets.last?.limit == SimTime.millisecond.scaled(by: 200))
        #expect(configuration.pricePerGPUHour == 2.5)
    }

    @Test func badSLOMeasureIsNamed() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                trace: { format: azure-llm-2023, path: t.csv }
                slo: { ttfb-p90: 2s }
            """
        let text = try #require(servingFailure(servingYAML(yaml), files: ["t.csv": azure]))
        #expect(text.contains("unknown SLO measure 'ttfb-p90'"), "\(text)")
        #expect(text.contains("workloads[0].slo"), "\(text)")
    }

    @Test func autoscalerParses() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                replicas: 2
                trace: { format: azure-llm-2023, path: t.csv }
                autoscaler: { signal: utilisation, target: 0.7, max: 6, interval: 10s, boot-time: 30s, storage-bandwidth: 4GB/s, weights-from: parallel-file-system }
            """
        let s = try loadServing(servingYAML(yaml), files: ["t.csv": azure])
        let autoscaler = try #require(s.serving.first?.configuration.autoscaler)
        #expect(autoscaler.signal == .utilisation(target: 0.7))
        #expect(autoscaler.minReplicas == 1 && autoscaler.maxReplicas == 6)
        #expect(autoscaler.bootTime == SimTime.second.scaled(by: 30))
        #expect(autoscaler.weightLoading.perReplicaBytesPerSecond == 4e9)
        #expect(autoscaler.weightLoading.tier == .parallelFileSystem)
    }

    @Test func autoscaledReplicasLoadWeightsFromTheClusterStorage() throws {
        let yaml = servingYAML("""
              - kind: serving
                model: llama-2-7b
                trace: { format: azure-llm-2023, path: t.csv }
                autoscaler: { signal: queue, target: 4, max: 4 }
            """).replacingOccurrences(
                of: "workloads:", with: "  storage: { object-store: { aggregate: 50GB/s } }\nworkloads:")
        let s = try loadServing(yaml, files: ["t.csv": azure])
        let loading = try #require(s.serving.first?.configuration.autoscaler?.weightLoading)
        #expect(loading.storage == s.storage)
        #expect(loading.storage.objectStore.aggregateBytesPerSecond == 50e9)
    }

    @Test func autoscalerBoundsAreCheckedAtLoad() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                replicas: 8
                trace: { format: azure-llm-2023, path: t.csv }
                autoscaler: { signal: queue, target: 4, max: 4 }
            """
        let text = try #require(servingFailure(servingYAML(yaml), files: ["t.csv": azure]))
        #expect(text.contains("autoscaler: the initial 8 replicas must be within min 1 and max 4"), "\(text)")
    }

    @Test func disaggregationParsesAndIsChecked() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                replicas: 3
                trace: { format: azure-llm-2023, path: t.csv }
                disaggregation: { prefill-replicas: 1, link-bandwidth: 25GB/s, latency: 50us }
            """
        let s = try loadServing(servingYAML(yaml), files: ["t.csv": azure])
        let split = try #require(s.serving.first?.configuration.disaggregation)
        #expect(split.prefillReplicas == 1)
        #expect(split.linkBandwidthBytesPerSecond == 25e9)
        let bad = yaml.replacingOccurrences(of: "prefill-replicas: 1", with: "prefill-replicas: 3")
        let text = try #require(servingFailure(servingYAML(bad), files: ["t.csv": azure]))
        #expect(text.contains("leaving at least one decode replica"), "\(text)")
    }

    @Test func missingTraceFileNamesTheKey() throws {
        let text = try #require(servingFailure(servingYAML(chat)))
        #expect(text.contains("workloads[0].trace.path"), "\(text)")
        #expect(text.contains("cannot read"), "\(text)")
    }

    @Test func modelThatDoesNotFitIsReported() throws {
        let yaml = """
              - kind: serving
                model: llama-2-70b
                gpu: A100-40GB
                trace: { format: synthetic, requests: 10, rate-per-second: 1 }
            """
        let text = try #require(servingFailure(servingYAML(yaml)))
        #expect(text.contains("invalid serving configuration"), "\(text)")
        #expect(text.contains("workloads[0]"), "\(text)")
    }

    /// Serving reads the one model catalogue: training's names (GPT, Mixtral) and
    /// inline shapes under training's keys, whose `sequence` is the context.
    @Test func servingTakesTrainingCatalogueNamesAndInlineShapes() throws {
        let named = """
              - kind: serving
                model: Mixtral-8x7B
                tp: 2
                trace: { format: synthetic, requests: 10, rate-per-second: 1 }
            """
        #expect(try loadServing(servingYAML(named)).serving.first?.configuration.replica.model.name == "Mixtral-8x7B")
        let inline = """
              - kind: serving
                model: { name: mini, layers: 4, hidden: 512, heads: 8, kv-heads: 2, ffn: 1536, ffn-type: swiglu, vocabulary: 32000, sequence: 2048 }
                trace: { format: synthetic, requests: 10, rate-per-second: 1 }
            """
        let model = try #require(try loadServing(servingYAML(inline)).serving.first?.configuration.replica.model)
        #expect(model.name == "mini" && model.contextLength == 2048 && model.kvHeads == 2)
        let typo = """
              - kind: serving
                model: { name: mini, layers: 4, hiden: 512, heads: 8, vocabulary: 32000 }
                trace: { format: synthetic, requests: 10, rate-per-second: 1 }
            """
        let text = try #require(servingFailure(servingYAML(typo)))
        #expect(text.contains("hiden"), "\(text)")
    }

    @Test func swapPreemptionParses() throws {
        let yaml = """
              - kind: serving
                model: llama-2-7b
                trace: { format: synthetic, requests: 10, rate-per-second: 1 }
                batching: { preemption: swap, swap-space: 8GiB, swap-bandwidth: 20GB/s }
            """
        let replica = try #require(try loadServing(servingYAML(yaml)).serving.first?.configuration.replica)
        #expect(replica.preemption == .swap)
        #expect(replica.swapSpaceBytesPerGPU == 8 << 30)
        #expect(replica.swapBytesPerSecondPerGPU == 20e9)
        let text = try #require(servingFailure(servingYAML(yaml.replacingOccurrences(of: "preemption: swap", with: "preemption: swapp"))))
        #expect(text.contains("workloads[0].batching.preemption"), "\(text)")
    }

    @Test func duplicateServingNamesAreRejected() throws {
        let text = try #require(servingFailure(servingYAML(synthetic + "\n" + synthetic)))
        #expect(text.contains("duplicate serving workload name 'syn'"), "\(text)")
    }

    @Test func bundledServingQuickstartLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let s = try Scenario.load(path: root.appendingPathComponent("Scenarios/serving-quickstart.yaml").path)
        #expect(s.serving.count == 1)
        #expect(s.serving.first?.configuration.replicas == 2)
    }
}
