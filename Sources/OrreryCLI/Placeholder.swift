import ArgumentParser
public struct OrreryCommand: ParsableCommand {
    public init() {}
    public func run() throws {}
}
