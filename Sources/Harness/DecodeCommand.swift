import ArgumentParser
import Foundation
import HarnessKit
import StreamTesting

/// `harness decode <codec> [options] [FILE]`: NDJSON on stdout, one object per decoded item (contract in README).
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode a stream (FILE or stdin) and print NDJSON items.")

    @Argument(help: "Codec: ws, sse, central, isy, eventstreamer (and utf8-lines).")
    var codec: String

    @Argument(help: "Input file; stdin when absent or \"-\".")
    var file: String?

    @Option(help: "Feed the decoder in pieces of N bytes.")
    var chunk: Int?

    @Flag(help: "Input is NDJSON, one {\"text\":…} or {\"base64\":…} message per line.")
    var messages = false

    @Option(help: "ws: client or server.")
    var role: String?

    @Option(help: "ws: the negotiated permessage-deflate extension value.")
    var deflate: String?

    @Option(name: .customLong("max-message"), help: "ws: message size limit in bytes.")
    var maxMessage: Int?

    @Option(help: "central: streaming topic: audit-trail-events (default), location, rssi-events, geofence, ap-events, clients-events, switch-events, alert-events.")
    var topic: String?

    @Flag(help: "central: print the CloudEvent envelope with the inner message.")
    var envelope = false

    @Flag(name: .customLong("strict-type"),
          help: "central: reject a non-empty Any type URL naming another message (unknown-any-type).")
    var strictType = false

    func run() throws {
        var options = DecodeOptions()
        options.chunkSize = chunk
        options.messages = messages
        options.role = role
        options.deflate = deflate
        options.maxMessage = maxMessage
        options.topic = topic
        options.envelope = envelope
        options.strictType = strictType
        if let chunk, chunk < 1 {
            let line = #"{"error":{"code":"invalid-option","message":"--chunk must be at least 1","offset":null}}"#
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            throw ExitCode(DecodeResult.usageError)
        }
        let input: Data
        do {
            if let file, file != "-" {
                input = try Data(contentsOf: URL(fileURLWithPath: file))
            } else {
                input = FileHandle.standardInput.readDataToEndOfFile()
            }
        } catch {
            FileHandle.standardError.write(Data("harness: cannot read \(file ?? "stdin"): \(error)\n".utf8))
            throw ExitCode(66)
        }
        let chunking: Chunking = chunk.map { .fixed($0) } ?? .whole
        let result = DecodeDriver.run(codecName: codec, options: options, input: [UInt8](input), chunking: chunking)
        FileHandle.standardOutput.write(Data(result.output))
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }
}
