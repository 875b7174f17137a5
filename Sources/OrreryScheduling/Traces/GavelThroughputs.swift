/// Steps per second of each Gavel job type running alone on one V100: the `"null"`
/// entries under `"v100"` in Gavel's `scheduler/oracle_throughputs.json`
/// (stanford-futuredata/gavel, MIT licence).
///
/// Gavel's trace generator wrote `total_steps = run time × this throughput`, so dividing
/// back recovers the run time it sampled from the Philly distribution (a check: the
/// shortest job of every type comes out at about 20 minutes). Multi-GPU jobs use the
/// same single-GPU figure: the trace's run time is the job's duration whatever its
/// scale factor, which is what a rigid-job model needs.
public enum GavelThroughputs {
    static let v100StepsPerSecond: [String: Double] = [
        "ResNet-18 (batch size 16)": 77.31737353972872,
        "ResNet-18 (batch size 32)": 65.80540708735272,
        "ResNet-18 (batch size 64)": 48.88418054077558,
        "ResNet-18 (batch size 128)": 30.287504836881368,
        "ResNet-18 (batch size 256)": 16.98737109878475,
        "ResNet-50 (batch size 16)": 17.37438936466519,
        "ResNet-50 (batch size 32)": 9.920583420101398,
        "ResNet-50 (batch size 64)": 5.4575999796347645,
        "ResNet-50 (batch size 128)": 2.8459812117650305,
        "Transformer (batch size 16)": 12.845652425203205,
        "Transformer (batch size 32)": 12.475277737306772,
        "Transformer (batch size 64)": 9.568023720783357,
        "Transformer (batch size 128)": 5.771210833383417,
        "Transformer (batch size 256)": 1.707029875260509,
        "A3C": 8.233033211429207,
        "LM (batch size 5)": 167.12285773375763,
        "LM (batch size 10)": 143.3605131584025,
        "LM (batch size 20)": 107.9508715706423,
        "LM (batch size 40)": 71.72303675816012,
        "LM (batch size 80)": 43.90361072741378,
        "Recommendation (batch size 512)": 0.33148208257478157,
        "Recommendation (batch size 1024)": 0.47997973329981225,
        "Recommendation (batch size 2048)": 0.5675318418131742,
        "Recommendation (batch size 4096)": 0.6244083613498694,
        "Recommendation (batch size 8192)": 0.6023546957515021,
        "CycleGAN": 4.918494739402234,
    ]

    /// Steps per second of each job type alone on one P100: the `"null"` entries under
    /// `"p100"` in the same file. Speed-ups over the P100 differ by job type (about 1.0×
    /// for Transformer batch 256, 1.4× for LM batch 5, 2.1× for ResNet-50 batch 16):
    /// what heterogeneity-aware scheduling exploits (Narayanan et al., Gavel, OSDI'20).
    static let p100StepsPerSecond: [String: Double] = [
        "ResNet-18 (batch size 16)": 46.037881612130676,
        "ResNet-18 (batch size 32)": 39.993721377466294,
        "ResNet-18 (batch size 64)": 30.845322586802332,
        "ResNet-18 (batch size 128)": 17.43545809641332,
        "ResNet-18 (batch size 256)": 9.94155084551681,
        "ResNet-50 (batch size 16)": 8.108348261420462,
        "ResNet-50 (batch size 32)": 4.439158265949823,
        "ResNet-50 (batch size 64)": 2.0376805014075785,
        "ResNet-50 (batch size 128)": 1.082383133691241,
        "Transformer (batch size 16)": 5.511609297929667,
        "Transformer (batch size 32)": 5.390284860033955,
        "Transformer (batch size 64)": 5.072380201362585,
        "Transformer (batch size 128)": 3.029519709215904,
        "Transformer (batch size 256)": 1.707029875260509,
        "A3C": 4.754669067318489,
        "LM (batch size 5)": 121.96077372273386,
        "LM (batch size 10)": 103.56413624343877,
        "LM (batch size 20)": 77.56743371549783,
        "LM (batch size 40)": 42.752455836315406,
        "LM (batch size 80)": 26.360461586915722,
        "Recommendation (batch size 512)": 0.21852199169814415,
        "Recommendation (batch size 1024)": 0.2966703217642084,
        "Recommendation (batch size 2048)": 0.2643425946791314,
        "Recommendation (batch size 4096)": 0.2558457059334974,
        "Recommendation (batch size 8192)": 0.276595984238415,
        "CycleGAN": 2.4470683427212796,
    ]

    /// Job types in a stable order, for error messages.
    static var jobTypes: [String] { v100StepsPerSecond.keys.sorted() }

    /// The GPU families Gavel measured that Orrery has figures for, recognised in a GPU
    /// type's name (`V100`, `V100M16`, `Tesla-P100` …).
    public enum Family: String, CaseIterable, Sendable {
        case v100, p100

        /// The family whose name the GPU type contains (case-insensitive), if any.
        public init?(gpuType: String) {
            let lowered = gpuType.lowercased()
            guard let family = Self.allCases.first(where: { lowered.contains($0.rawValue) }) else { return nil }
            self = family
        }
    }

    /// Steps per second of `jobType` alone on one GPU of `family`; nil for an unknown job type.
    public static func stepsPerSecond(jobType: String, on family: Family) -> Double? {
        switch family {
        case .v100: v100StepsPerSecond[jobType]
        case .p100: p100StepsPerSecond[jobType]
        }
    }
}
