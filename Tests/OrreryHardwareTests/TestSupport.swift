/// True when `a` and `b` agree to a relative tolerance: datasheet figures written as
/// `1.555 * 1e12` and `1.555e12` may differ in the last bit.
func isClose(_ a: Double, _ b: Double, relativeTolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
}

let gib = 1 << 30
let tib = 1 << 40
