import ArgumentParser

/// Subcommands beyond decode/replay (servers, conformance drivers), one file each.
let extraSubcommands: [any ParsableCommand.Type] = [ServeCommand.self, AutobahnCommand.self, ConnectCommand.self, RecordCommand.self, TLSCheckCommand.self, VerifyCommand.self, ReportCommand.self]
