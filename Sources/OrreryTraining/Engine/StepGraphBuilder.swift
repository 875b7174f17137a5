import OrreryFabric
import OrreryKernel

/// Builds a ``StepGraph``: what a ``TrainingStrategy`` uses to describe one step.
public struct StepGraphBuilder {
    private var graph = StepGraph()
    private var edgeFrom: [Int32] = []
    private var edgeTo: [Int32] = []

    public init() {}

    /// Adds a modelled GPU standing for `weight` GPUs of the job; returns its compute stream.
    public mutating func addTimeline(weight: Double = 1) -> StepStreamID {
        let timeline = Int32(graph.timelineComputeStream.count)
        let stream = Int32(graph.streamTimeline.count)
        graph.streamTimeline.append(timeline)
        graph.timelineComputeStream.append(stream)
        graph.timelineWeight.append(weight)
        return StepStreamID(index: stream)
    }

    /// Adds another stream (a communication lane) to the timeline of `computeStream`.
    public mutating func addStream(besides computeStream: StepStreamID) -> StepStreamID {
        let stream = Int32(graph.streamTimeline.count)
        graph.streamTimeline.append(graph.streamTimeline[Int(computeStream.index)])
        return StepStreamID(index: stream)
    }

    /// A timed op: `seconds` on `stream`, of which `exposedCommunicationSeconds` is layer
    /// communication the op waits for (tensor-parallel collectives inside a layer).
    @discardableResult
    public mutating func timed(
        _ category: StepOpCategory, seconds: Double, exposedCommunicationSeconds: Double = 0,
        on stream: StepStreamID, after dependencies: StepOpID?...
    ) -> StepOpID {
        let id = append(category, stream: stream, duration: SimTime.seconds(seconds).nanoseconds)
        graph.opExposedCommunication[Int(id.index)] = SimTime.seconds(exposedCommunicationSeconds).nanoseconds
        for dependency in dependencies { if let dependency { depend(id, on: dependency) } }
        return id
    }

    /// A collective op: runs `collectives` together through the executor and completes
    /// when the last of them does.
    @discardableResult
    public mutating func collective(
        _ category: StepOpCategory, _ collectives: [Collective], on stream: StepStreamID,
        after dependencies: StepOpID?...
    ) -> StepOpID {
        let id = append(category, stream: stream, duration: 0)
        graph.opCollectiveStart[Int(id.index)] = Int32(graph.collectives.count)
        graph.opCollectiveCount[Int(id.index)] = Int32(collectives.count)
        graph.collectives.append(contentsOf: collectives)
        for dependency in dependencies { if let dependency { depend(id, on: dependency) } }
        return id
    }

    /// `op` cannot start before `dependency` has finished.
    public mutating func depend(_ op: StepOpID, on dependency: StepOpID) {
        edgeFrom.append(dependency.index)
        edgeTo.append(op.index)
    }

    private mutating func append(_ category: StepOpCategory, stream: StepStreamID, duration: Int64) -> StepOpID {
        let id = StepOpID(index: Int32(graph.opStream.count))
        graph.opStream.append(stream.index)
        graph.opDuration.append(duration)
        graph.opExposedCommunication.append(0)
        graph.opCategory.append(category)
        graph.opCollectiveStart.append(0)
        graph.opCollectiveCount.append(0)
        return id
    }

    /// The finished graph, with successor and stream lists in compressed-row form.
    public func build() -> StepGraph {
        var result = graph
        let ops = result.opCount
        var counts = [Int32](repeating: 0, count: ops + 1)
        var predecessors = [Int32](repeating: 0, count: ops)
        for (from, to) in zip(edgeFrom, edgeTo) {
            counts[Int(from) + 1] += 1
            predecessors[Int(to)] += 1
        }
        for i in 0..<ops { counts[i + 1] += counts[i] }
        var fill = counts
        var successors = [Int32](repeating: 0, count: edgeFrom.count)
        for (from, to) in zip(edgeFrom, edgeTo) {
            successors[Int(fill[Int(from)])] = to
            fill[Int(from)] += 1
        }
        result.successorStart = counts
        result.successors = successors
        result.predecessorCount = predecessors

        let streams = result.streamCount
        var streamCounts = [Int32](repeating: 0, count: streams + 1)
        for stream in result.opStream { streamCounts[Int(stream) + 1] += 1 }
        for i in 0..<streams { streamCounts[i + 1] += streamCounts[i] }
        var streamFill = streamCounts
        var streamOps = [Int32](repeating: 0, count: ops)
        for op in 0..<ops {
            let stream = Int(result.opStream[op])
            streamOps[Int(streamFill[stream])] = Int32(op)
            streamFill[stream] += 1
        }
        result.streamOpStart = streamCounts
        result.streamOps = streamOps
        result.checkInvariants()
        return result
    }
}
