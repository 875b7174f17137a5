import Foundation
import OrreryKernel

/// Draws the next failure of each mode over a fixed inventory, each mode from its own
/// random stream (`failures.<name>`).
///
/// - Exponential modes are superposed: N components failing at λ each are one Poisson
///   process at N·λ, and the struck component is uniform over the N. One draw per failure.
/// - Weibull modes keep one renewal clock per component (``ComponentClocks``); a failed or
///   replaced component starts a fresh life.
/// Either way the cost is per failure, never per component per step.
final class FailureSampler {
    private let modes: [FailureMode]
    private let inventory: FailureInventory
    private let streams: [RandomStream]
    private var clocks: [ComponentClocks?]
    /// Per mode: the pooled process's next failure (exponential modes).
    private var pooledNext: [SimTime]
    /// Per mode: mean seconds between failures of the pooled process (exponential modes).
    private let pooledMeanSeconds: [Double]
    /// Per mode: Weibull scale in seconds for one component (Weibull modes).
    private let weibullScaleSeconds: [Double]

    init(model: FailureModel, inventory: FailureInventory, random: RandomStreams, start: SimTime) {
        modes = model.modes
        self.inventory = inventory
        streams = model.modes.map { random.stream($0.streamName) }
        pooledMeanSeconds = model.modes.map { mode in
            let rate = mode.ratePerComponentHour * Double(inventory.count(of: mode.scope))
            return rate > 0 ? 3600 / rate : .infinity
        }
        weibullScaleSeconds = model.modes.map { mode in
            guard case .weibull(let shape) = mode.law, mode.ratePerComponentHour > 0 else { return .infinity }
            return 3600 / mode.ratePerComponentHour / tgamma(1 + 1 / shape)
        }
        clocks = Array(repeating: nil, count: model.modes.count)
        pooledNext = Array(repeating: .max, count: model.modes.count)
        for (index, mode) in modes.enumerated() {
            if case .exponential = mode.law, pooledMeanSeconds[index].isFinite {
                pooledNext[index] = start + .seconds(streams[index].sample(.exponential(mean: pooledMeanSeconds[index])))
            }
            guard case .weibull = mode.law, mode.ratePerComponentHour > 0 else { continue }
            let components = inventory.count(of: mode.scope)
            var clock = ComponentClocks(components: components)
            for component in 0..<components { clock.set(component, to: start + life(of: index)) }
            clocks[index] = clock
        }
    }

    var modeCount: Int { modes.count }

    /// When mode `index` next fails (`.max`: never). Stable until ``fire(mode:at:)`` or ``renew(nodeSlot:at:)``.
    func nextTime(mode index: Int) -> SimTime {
        switch modes[index].law {
        case .exponential: return pooledNext[index]
        case .weibull: return clocks[index]?.earliest ?? .max
        }
    }

    /// Mode `index` fails now (at ``nextTime(mode:)``): returns the struck component and
    /// draws the mode's following failure.
    func fire(mode index: Int, at now: SimTime) -> Int {
        let mode = modes[index]
        let stream = streams[index]
        switch mode.law {
        case .exponential:
            let component = Int(stream.uniformInt(below: UInt32(inventory.count(of: mode.scope))))
            pooledNext[index] = now + .seconds(stream.sample(.exponential(mean: pooledMeanSeconds[index])))
            return component
        case .weibull:
            var clock = clocks[index]!
            clocks[index] = nil  // keep the clock uniquely referenced while it mutates
            let component = clock.popEarliest()!.component
            // The failed component is replaced and starts a fresh life.
            clock.set(component, to: now + life(of: index))
            clocks[index] = clock
            return component
        }
    }

    /// A replacement node went into `slot` at `now`: its Weibull components start fresh lives.
    func renew(nodeSlot slot: Int, at now: SimTime) {
        for index in modes.indices where clocks[index] != nil {
            let range: Range<Int>
            switch modes[index].scope {
            case .gpu, .nic: range = (slot * inventory.gpusPerNode)..<((slot + 1) * inventory.gpusPerNode)
            case .node: range = slot..<(slot + 1)
            case .leafSwitch, .job: continue
            }
            var clock = clocks[index]!
            clocks[index] = nil
            for component in range { clock.set(component, to: now + life(of: index)) }
            clocks[index] = clock
        }
    }

    private func life(of index: Int) -> SimTime {
        guard case .weibull(let shape) = modes[index].law else { return .max }
        return .seconds(streams[index].sample(.weibull(scale: weibullScaleSeconds[index], shape: shape)))
    }
}
