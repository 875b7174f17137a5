import OrreryKernel

/// Each tenant's GPU usage (GPU-seconds, decayed with a half-life) kept up to date at
/// every start and end of a run, so reading it costs O(tenants), not O(running jobs).
///
/// Between two changes a tenant holds a constant G GPUs, so its usage evolves in closed
/// form: U(t) = U(t₀)·2^(−(t−t₀)/h) + G·h/ln 2·(1 − 2^(−(t−t₀)/h)) (``DecayedUsage``),
/// or U(t₀) + G·(t − t₀) without decay. This is the same quantity as summing every
/// finished and running job's decayed GPU-time, up to floating-point rounding.
struct TenantUsageLedger {
    let halfLife: SimTime
    let tenants: TenantIndex
    private var value: [Double]
    private var asOf: [SimTime]
    private var held: [Int]
    /// Whether the tenant has held GPUs at all (others are absent from ``byName(at:)``).
    private var hasUsed: [Bool]

    init(halfLife: SimTime, jobs: [JobSpec]) {
        self.halfLife = halfLife
        tenants = TenantIndex(jobs)
        value = Array(repeating: 0, count: tenants.names.count)
        asOf = Array(repeating: .zero, count: tenants.names.count)
        held = Array(repeating: 0, count: tenants.names.count)
        hasUsed = Array(repeating: false, count: tenants.names.count)
    }

    /// Job `job`'s tenant starts (`gpus` > 0) or stops (`gpus` < 0) holding GPUs at `now`.
    mutating func change(job: Int, gpus: Int, at now: SimTime) {
        let tenant = tenants.of[job]
        value[tenant] = usage(tenant: tenant, at: now)
        asOf[tenant] = now
        held[tenant] += gpus
        hasUsed[tenant] = true
    }

    /// Tenant number `tenant`'s usage at `now` (not before its last change).
    func usage(tenant: Int, at now: SimTime) -> Double {
        let elapsed = now - asOf[tenant]
        guard elapsed > .zero else { return value[tenant] }
        return DecayedUsage.decay(value[tenant], over: elapsed, halfLife: halfLife)
            + DecayedUsage.gpuSeconds(gpus: held[tenant], from: asOf[tenant], to: now, at: now, halfLife: halfLife)
    }

    /// The usage at `now` of every tenant that has held GPUs, by name, as policies'
    /// definitions read it (``SchedulingContext/tenantUsage``).
    func byName(at now: SimTime) -> [String: Double] {
        var usage: [String: Double] = [:]
        for (tenant, name) in tenants.names.enumerated() where hasUsed[tenant] {
            usage[name] = self.usage(tenant: tenant, at: now)
        }
        return usage
    }
}
