import ArgumentParser
import Foundation
import HarnessKit

/// `--shard I/N` as `replay` and `verify` take it: a bad value is one line on stderr and exit 64.
func parseShard(_ text: String?, command: String) throws -> Shard? {
    guard let text else { return nil }
    do throws(ShardError) {
        return try Shard(parsing: text)
    } catch {
        FileHandle.standardError.write(Data("harness \(command): --shard: \(error)\n".utf8))
        throw ExitCode(64)
    }
}

/// Writes a `--json` report; an unwritable path is one line on stderr and exit 64.
func writeReport(_ report: SuiteReport, to path: String, command: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: Data(report.json())) else {
        FileHandle.standardError.write(Data("harness \(command): --json: cannot write \(path)\n".utf8))
        throw ExitCode(64)
    }
}
