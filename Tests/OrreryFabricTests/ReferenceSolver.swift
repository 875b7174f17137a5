/// A deliberately plain, non-incremental weighted max-min solver, written from the
/// definition independently of the C model, to cross-check it.
///
/// Progressive filling: raise every unfrozen flow's normalised rate (rate / weight)
/// together; when a link fills (or a flow reaches its cap) freeze the flows it limits.
enum ReferenceSolver {
    struct Flow {
        var route: [Int]
        var cap: Double?
        var weight: Double
    }

    static func rates(capacities: [Double], flows: [Flow]) -> [Double] {
        var rate = [Double](repeating: 0, count: flows.count)
        var frozen = [Bool](repeating: false, count: flows.count)
        var level = 0.0  // the common normalised rate of unfrozen flows
        while let _ = frozen.firstIndex(of: false) {
            // How far the level can rise before some link or cap binds.
            var rise = Double.infinity
            for (link, capacity) in capacities.enumerated() {
                var used = 0.0, weights = 0.0
                for (i, flow) in flows.enumerated() where flow.route.contains(link) {
                    if frozen[i] { used += rate[i] } else { weights += flow.weight }
                }
                if weights > 0 { rise = min(rise, max(0, capacity - used - level * weights) / weights) }
            }
            for (i, flow) in flows.enumerated() where !frozen[i] {
                if let cap = flow.cap { rise = min(rise, max(0, cap / flow.weight - level)) }
            }
            level += rise
            for i in flows.indices where !frozen[i] { rate[i] = level * flows[i].weight }
            // Freeze flows at their cap or crossing a full link.
            var froze = false
            for (i, flow) in flows.enumerated() where !frozen[i] {
                let capped = flow.cap.map { rate[i] >= $0 * (1 - 1e-12) } ?? false
                let blocked = flow.route.contains { link in
                    let load = flows.indices.filter { flows[$0].route.contains(link) }.map { rate[$0] }.reduce(0, +)
                    return load >= capacities[link] * (1 - 1e-12)
                }
                if capped || blocked {
                    frozen[i] = true
                    froze = true
                }
            }
            if !froze { break }  // cannot happen with finite capacities; guards a hang
        }
        return rate
    }
}
