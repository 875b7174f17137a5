import ArgumentParser

/// The `orrery` command: run, validate and check cluster scenarios.
public struct OrreryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "orrery",
        abstract: "A discrete-event simulator of AI clusters.",
        discussion: """
            Describe a cluster, its workloads and policies in a YAML scenario, run it, and \
            read the results from SQLite. See docs/scenario-format.md.
            """,
        version: OrreryVersion.current,
        subcommands: [
            RunCommand.self, SweepCommand.self, CompareCommand.self, ValidateCommand.self, CheckCommand.self, BaselineCommand.self,
            CatalogCommand.self, TraceCommand.self, FabricCommand.self, CollectiveCommand.self, ServeCommand.self,
            VersionCommand.self,
        ])

    public init() {}
}

/// The release of Orrery, recorded with every result.
public enum OrreryVersion {
    public static let current = "0.1.0"
}

/// Exit statuses, documented in the README so CI scripts can rely on them.
enum ExitStatus {
    /// A baseline check found a metric outside its band, or a run failed.
    static let failure = ExitCode(1)
    /// The scenario, trace, baseline or flags were invalid; nothing was run.
    static let invalidInput = ExitCode(2)
    /// Interrupted by SIGINT/SIGTERM; results so far were saved.
    static let interrupted = ExitCode(130)
}
