import Testing
@testable import OrreryServing

@Suite struct IndexDequeTests {
    /// Growing while wrapped around keeps queue order, at both ends.
    @Test(arguments: [1, 2, 3, 7])
    func growthKeepsOrder(initial: Int) {
        var deque = IndexDeque(capacity: initial)
        var model: [Int] = []
        for i in 0..<50 {
            if i % 3 == 0 {
                deque.pushFront(i)
                model.insert(i, at: 0)
            } else {
                deque.pushBack(i)
                model.append(i)
            }
            if i % 5 == 4 { #expect(deque.popFront() == model.removeFirst()) }
        }
        #expect(deque.count == model.count)
        var drained: [Int] = []
        while let value = deque.popFront() { drained.append(value) }
        #expect(drained == model)
        #expect(deque.isEmpty && deque.first == nil)
    }
}
