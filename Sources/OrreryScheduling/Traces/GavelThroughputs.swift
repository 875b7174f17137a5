/// Steps per second of each Gavel job type running alone on one V100: the `"null"`
/// entries under `"v100"` in Gavel's `scheduler/oracle_throughputs.json`
/// (stanford-futuredata/gavel, MIT licence).
///
/// Gavel's trace generator wrote `total_steps = run time × this throughput`, so dividing
/// back recovers the run time it sampled from the Philly distribution (a check: the
/// shortest job of every type comes out at about 20 minutes). Multi-GPU jobs use the
/// same single-GPU figure: the trace's run time is the job's duration whatever its
/// scale factor, which is what a rigid-job model needs.
enum GavelThroughputs {
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

    /// Job types in a stable order, for error messages.
    static var jobTypes: [String] { v100StepsPerSecond.keys.sorted() }
}
