/// Structural checks of a built step graph, compiled into debug builds only.
extension StepGraph {
    /// Traps if an edge points outside the graph, a stream lists an op of another stream,
    /// or the dependencies (together with stream order) contain a cycle — a cycle would
    /// leave the step unfinished.
    func checkInvariants() {
        #if ORRERY_INTERNAL_CHECKS
        precondition(successorStart.count == opCount + 1 && streamOpStart.count == streamCount + 1)
        for successor in successors { precondition(successor >= 0 && Int(successor) < opCount, "edge out of range") }
        for stream in 0..<streamCount {
            for index in Int(streamOpStart[stream])..<Int(streamOpStart[stream + 1]) {
                precondition(Int(opStream[Int(streamOps[index])]) == stream, "stream lists a foreign op")
            }
        }
        // Kahn's algorithm over dependency edges plus stream-order edges.
        var indegree = predecessorCount
        var nextOnStream = [Int32](repeating: -1, count: opCount)
        for stream in 0..<streamCount {
            let range = Int(streamOpStart[stream])..<Int(streamOpStart[stream + 1])
            for index in range.dropLast() {
                nextOnStream[Int(streamOps[index])] = streamOps[index + 1]
                indegree[Int(streamOps[index + 1])] += 1
            }
        }
        var ready = (0..<opCount).filter { indegree[$0] == 0 }
        var visited = 0
        while let op = ready.popLast() {
            visited += 1
            var released = Array(successors[Int(successorStart[op])..<Int(successorStart[op + 1])])
            if nextOnStream[op] >= 0 { released.append(nextOnStream[op]) }
            for next in released {
                indegree[Int(next)] -= 1
                if indegree[Int(next)] == 0 { ready.append(Int(next)) }
            }
        }
        precondition(visited == opCount, "the step graph has a dependency cycle")
        #endif
    }
}
