import Testing

/// The reference solver itself, on cases worked out by hand, so the cross-check
/// compares against something known to be right.
@Suite struct ReferenceSolverTests {
    @Test func parkingLotWithUnequalLinks() {
        // See HandComputedRateTests.parkingLotWithUnequalLinks: 30, 30, 60, 90.
        let flows: [ReferenceSolver.Flow] = [
            .init(route: [0, 1, 2], cap: nil, weight: 1), .init(route: [0], cap: nil, weight: 1),
            .init(route: [1], cap: nil, weight: 1), .init(route: [2], cap: nil, weight: 1),
        ]
        #expect(ReferenceSolver.rates(capacities: [60, 90, 120], flows: flows) == [30, 30, 60, 90])
    }

    @Test func weightsCapsAndAFailedLink() {
        // Link 0 (100): weight 1 capped at 20, weight 3 → 20, 80. Link 1 (0): stalled.
        let flows: [ReferenceSolver.Flow] = [
            .init(route: [0], cap: 20, weight: 1), .init(route: [0], cap: nil, weight: 3),
            .init(route: [0, 1], cap: nil, weight: 1),
        ]
        #expect(ReferenceSolver.rates(capacities: [100, 0], flows: flows) == [20, 80, 0])
    }
}
