/// A validated collective group: its ranks split by scale-up domain.
///
/// Domains are numbered in order of first appearance in the group and each domain's
/// ranks keep the group's order, so the same group always expands to the same flows.
struct CollectiveGroup {
    /// The group's ranks as given.
    let ranks: [Int]
    /// Ranks per domain (`domains[i][p]` is the rank at position `p` of domain `i`).
    let domains: [[Int]]
    /// For each `ranks[k]`, the index of its domain in `domains`.
    let domainOfMember: [Int]
    /// For each `ranks[k]`, its position inside its domain.
    let positionOfMember: [Int]

    /// Checks the group (non-empty, no duplicates, every rank known) and splits it.
    /// - Parameter domain: the scale-up domain of a rank, or `nil` for an unknown rank.
    init(ranks: [Int], domain: (Int) -> Int?) throws(CollectiveError) {
        guard !ranks.isEmpty else { throw .invalidGroup("the group has no ranks") }
        var seen = Set<Int>(minimumCapacity: ranks.count)
        var domainIndex: [Int: Int] = [:]
        var domains: [[Int]] = []
        var domainOfMember: [Int] = []
        var positionOfMember: [Int] = []
        domainOfMember.reserveCapacity(ranks.count)
        positionOfMember.reserveCapacity(ranks.count)
        for rank in ranks {
            guard seen.insert(rank).inserted else { throw .invalidGroup("rank \(rank) appears twice") }
            guard let id = domain(rank) else { throw .invalidGroup("no GPU has rank \(rank)") }
            let index: Int
            if let known = domainIndex[id] {
                index = known
            } else {
                index = domains.count
                domainIndex[id] = index
                domains.append([])
            }
            domainOfMember.append(index)
            positionOfMember.append(domains[index].count)
            domains[index].append(rank)
        }
        self.ranks = ranks
        self.domains = domains
        self.domainOfMember = domainOfMember
        self.positionOfMember = positionOfMember
    }

    var count: Int { ranks.count }
    var domainCount: Int { domains.count }

    /// Whether every domain holds the same number of the group's ranks.
    var isRegular: Bool { domains.allSatisfy { $0.count == domains[0].count } }

    /// Ranks per domain of a regular group (the first domain's count otherwise).
    var ranksPerDomain: Int { domains[0].count }

    /// The group's shape, or an error saying that `user` (e.g. "the tree algorithm")
    /// needs a regular group.
    func regularShape(rates: CollectiveLinkRates, for user: String) throws(CollectiveError) -> CollectiveShape {
        guard isRegular else {
            let counts = domains.map { String($0.count) }.joined(separator: ", ")
            throw .invalidGroup(
                "\(user) needs the same number of ranks in every scale-up domain; this group has \(counts)")
        }
        return CollectiveShape(ranksPerDomain: ranksPerDomain, domains: domainCount, rates: rates)
    }
}
