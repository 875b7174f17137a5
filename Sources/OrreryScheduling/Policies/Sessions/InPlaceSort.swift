/// Sorting without a buffer or a comparison closure, for keys with a strict total order
/// that passes sort on every pass (where any correct sort gives the one order): the
/// standard library's stable sort allocates a buffer and, for a closure comparator,
/// calls it out of line, which made sorting a seventh of a round-based run.
enum InPlaceSort {
    /// Sorts `elements` ascending: quicksort (median of three, the shorter side first)
    /// down to runs of 16, then insertion sort.
    static func sort<Element: Comparable>(_ elements: inout [Element]) {
        elements.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 1 else { return }
            sort(base, count: buffer.count)
        }
        #if ORRERY_INTERNAL_CHECKS
        for i in elements.indices.dropFirst() { precondition(elements[i - 1] < elements[i], "keys out of order or tied") }
        #endif
    }

    /// Sorts the `count` elements from `base` ascending.
    static func sort<Element: Comparable>(_ base: UnsafeMutablePointer<Element>, count: Int) {
        var low = 0, high = count - 1
        while high - low >= 16 {
            // Median of three as the pivot, kept at `low`.
            let mid = low + (high - low) / 2
            if base[mid] < base[low] { swap(base, mid, low) }
            if base[high] < base[low] { swap(base, high, low) }
            if base[high] < base[mid] { swap(base, high, mid) }
            swap(base, low, mid)
            let pivot = base[low]
            var i = low, j = high + 1
            while true {
                repeat { i += 1 } while i <= high && base[i] < pivot
                repeat { j -= 1 } while pivot < base[j]
                if i >= j { break }
                swap(base, i, j)
            }
            swap(base, low, j)
            // Recurse into the shorter side, loop on the longer: depth stays logarithmic.
            if j - low < high - j {
                sort(base + low, count: j - low)
                low = j + 1
            } else {
                sort(base + j + 1, count: high - j)
                high = j - 1
            }
        }
        guard high > low else { return }
        for i in (low + 1)...high {
            let element = base[i]
            var j = i
            while j > low && element < base[j - 1] {
                base[j] = base[j - 1]
                j -= 1
            }
            base[j] = element
        }
    }

    private static func swap<Element>(_ base: UnsafeMutablePointer<Element>, _ a: Int, _ b: Int) {
        let held = base[a]
        base[a] = base[b]
        base[b] = held
    }

    /// Sorts distinct non-negative integers `values` ascending. Each sets its bit in a
    /// bitmap over their span (`scratch`'s words), read back in order: a few
    /// instructions a value and a word, where the passes by bytes took about ninety a
    /// value. A round's victims (job indices of the few hundred jobs present, spread
    /// over the trace by long runs) take a few words each. Values whose span is more than
    /// 16 words (1,024 possible values) per value go by bytes.
    static func sortDistinct(_ values: inout [Int], scratch: inout [Int]) {
        guard values.count > 1 else { return }
        let (lowest, highest) = values.withUnsafeBufferPointer { values in
            var lowest = Int.max, highest = Int.min
            for value in values {
                lowest = Swift.min(lowest, value)
                highest = Swift.max(highest, value)
            }
            return (lowest, highest)
        }
        precondition(lowest >= 0, "negative value to sort")
        let words = (highest - lowest) >> 6 + 1
        guard words <= 16 * values.count else { return sortByBytes(&values, scratch: &scratch) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: repeatElement(0, count: words))
        scratch.withUnsafeMutableBufferPointer { bits in
            values.withUnsafeMutableBufferPointer { values in
                for value in values {
                    let offset = value - lowest
                    let bit = 1 << (offset & 63)
                    precondition(bits[offset >> 6] & bit == 0, "value \(value) to sort twice")
                    bits[offset >> 6] |= bit
                }
                var next = 0
                for word in 0..<words {
                    var value = UInt(bitPattern: bits[word])
                    while value != 0 {
                        values[next] = lowest + word << 6 + value.trailingZeroBitCount
                        next += 1
                        value &= value - 1
                    }
                }
            }
        }
    }

    /// Sorts non-negative integers `values` ascending by their bytes, least significant
    /// first (a radix sort: no comparisons, so no branches to mispredict; as many passes
    /// as the largest value has bytes), using `scratch` as the second buffer.
    static func sortByBytes(_ values: inout [Int], scratch: inout [Int]) {
        guard values.count > 1, let largest = values.max() else { return }
        #if ORRERY_INTERNAL_CHECKS
        precondition(values.allSatisfy { $0 >= 0 }, "negative value to sort by bytes")
        #endif
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: values)
        var counts = [Int](repeating: 0, count: 256)
        var shift = 0
        var passes = 0
        while shift < Int.bitWidth && largest >> shift != 0 {
            // Each pass reads one buffer and writes the other (scratch holds the input first).
            if passes % 2 == 0 {
                Self.distribute(scratch, into: &values, shift: shift, counts: &counts)
            } else {
                Self.distribute(values, into: &scratch, shift: shift, counts: &counts)
            }
            passes += 1
            shift += 8
        }
        if passes % 2 == 0 { Swift.swap(&values, &scratch) }
        #if ORRERY_INTERNAL_CHECKS
        for i in values.indices.dropFirst() { precondition(values[i - 1] <= values[i], "bytes sorted out of order") }
        #endif
    }

    /// One stable pass of ``sortByBytes(_:scratch:)`` on the byte at `shift`.
    private static func distribute(_ source: [Int], into target: inout [Int], shift: Int, counts: inout [Int]) {
        for i in counts.indices { counts[i] = 0 }
        source.withUnsafeBufferPointer { source in
            counts.withUnsafeMutableBufferPointer { counts in
                for value in source { counts[(value >> shift) & 0xFF] += 1 }
                var total = 0
                for digit in 0..<256 {
                    let count = counts[digit]
                    counts[digit] = total
                    total += count
                }
                target.withUnsafeMutableBufferPointer { target in
                    for value in source {
                        let digit = (value >> shift) & 0xFF
                        target[counts[digit]] = value
                        counts[digit] += 1
                    }
                }
            }
        }
    }
}
