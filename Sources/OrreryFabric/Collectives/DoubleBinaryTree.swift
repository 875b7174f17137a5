/// NCCL's double binary tree over `count` scale-up domains (NCCL `src/graph/trees.cc`,
/// `ncclGetBtree` / `ncclGetDtree`; Sanders, Speck and Träff, "Two-tree algorithms for
/// full bandwidth broadcast, reduction and scan", Parallel Computing 35(12), 2009).
///
/// Tree 0 is a binary tree in in-order numbering rooted at 0; tree 1 is tree 0 mirrored
/// (even counts) or shifted by one (odd counts), so most domains that are inner nodes
/// in one tree are leaves in the other. Each tree carries half of the data.
struct DoubleBinaryTree {
    let count: Int

    /// The parent of `index` in tree `tree` (0 or 1), or `nil` for that tree's root.
    func parent(of index: Int, inTree tree: Int) -> Int? {
        guard tree == 1 else { return Self.binaryParent(of: index, count: count) }
        if count % 2 == 1 {
            let shifted = (index - 1 + count) % count
            return Self.binaryParent(of: shifted, count: count).map { ($0 + 1) % count }
        }
        return Self.binaryParent(of: count - 1 - index, count: count).map { count - 1 - $0 }
    }

    /// The parent in NCCL's in-order binary tree: clear the lowest set bit and set the
    /// next one, falling back to clearing it when that leaves the range.
    static func binaryParent(of index: Int, count: Int) -> Int? {
        guard index != 0 else { return nil }
        let bit = index & -index
        let up = (index ^ bit) | (bit << 1)
        return up < count ? up : index ^ bit
    }

    /// The most tree edges (both trees, parent and children) at any one domain: the
    /// number of half-buffer streams its busiest NIC sends (and receives).
    var maxDegree: Int {
        guard count > 1 else { return 0 }
        var degree = [Int](repeating: 0, count: count)
        for tree in 0..<2 {
            for index in 0..<count {
                if let parent = parent(of: index, inTree: tree) {
                    degree[index] += 1
                    degree[parent] += 1
                }
            }
        }
        return degree.max() ?? 0
    }
}
