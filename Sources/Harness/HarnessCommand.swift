import ArgumentParser
import Foundation

/// `harness`: decode streams with StreamCodecs and replay recorded fixtures.
@main
struct HarnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harness",
        abstract: "Decode recorded event streams and replay fixtures with StreamCodecs.",
        subcommands: [DecodeCommand.self, ReplayCommand.self] + extraSubcommands
    )

    /// As ArgumentParser's, except that `harness serve` reports a bad option in one line on stderr (the option's
    /// name first) with exit status 64, so scripts starting mocks read one clear line.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if arguments.first == "serve", code != .success {
                let text = message(for: error)
                if !text.isEmpty {
                    let line = text.split(separator: "\n").first.map(String.init) ?? text
                    FileHandle.standardError.write(Data("harness serve: \(line)\n".utf8))
                }
                Foundation.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }
}
