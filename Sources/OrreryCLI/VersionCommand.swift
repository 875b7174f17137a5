import ArgumentParser

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print Orrery's version.")

    func run() throws {
        print("orrery \(OrreryVersion.current)")
    }
}
