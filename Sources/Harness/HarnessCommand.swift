import ArgumentParser

/// `harness`: decode streams with StreamCodecs and replay recorded fixtures.
@main
struct HarnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harness",
        abstract: "Decode recorded event streams and replay fixtures with StreamCodecs.",
        subcommands: [DecodeCommand.self, ReplayCommand.self] + extraSubcommands
    )
}
