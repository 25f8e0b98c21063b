import Codecs
import Foundation
import StreamTesting

/// What one `harness decode` run produced: the NDJSON and the exit status the CLI returns.
public struct DecodeResult: Sendable, Equatable {
    public var output: [UInt8]
    public var exitStatus: Int32

    /// Exit status for a stream error (EX_DATAERR).
    public static let dataError: Int32 = 65
    /// Exit status for a bad invocation or an unsupported codec (EX_USAGE).
    public static let usageError: Int32 = 64
}

/// Runs a codec over an input with a given chunking: the single code path behind `harness decode` and
/// `harness replay`, so both print exactly the same thing.
public enum DecodeDriver {
    /// Decodes `input` with the codec called `codecName`.
    public static func run(
        codecName: String, options: DecodeOptions, input: [UInt8], chunking: Chunking
    ) -> DecodeResult {
        guard let codec = CodecTable.codec(named: codecName) else {
            return usageFailure(HarnessUsageError(
                code: "unsupported-codec",
                message: "unknown codec '\(codecName)'; known: \(CodecTable.all.map(\.name).joined(separator: ", "))"))
        }
        do throws(HarnessUsageError) {
            if options.messages {
                guard let factory = codec.makeMessages else {
                    throw HarnessUsageError(
                        code: "unsupported-codec",
                        message: "codec '\(codecName)' has no --messages decoder yet")
                }
                var session = try factory(options)
                return runMessages(&session, input: input)
            }
            guard let factory = codec.makeStream else {
                throw HarnessUsageError(
                    code: "unsupported-codec", message: "codec '\(codecName)' has no stream decoder yet")
            }
            var session = try factory(options)
            return runStream(&session, input: input, chunking: chunking)
        } catch {
            return usageFailure(error)
        }
    }

    static func usageFailure(_ error: HarnessUsageError) -> DecodeResult {
        var output = DecodeOutput()
        output.emitError(code: error.code, message: error.message, offset: nil, endsStream: true)
        return DecodeResult(output: output.bytes, exitStatus: DecodeResult.usageError)
    }

    static func runStream(_ session: inout any StreamDecodeSession, input: [UInt8], chunking: Chunking) -> DecodeResult {
        var output = DecodeOutput()
        var start = 0
        var open = true
        input.withUnsafeBytes { raw in
            for size in chunking.pieceSizes(for: raw.count) {
                let piece = UnsafeRawBufferPointer(rebasing: raw[start..<(start + size)])
                start += size
                if !session.feed(piece, output: &output) {
                    open = false
                    break
                }
            }
        }
        if open { session.finish(output: &output) }
        return DecodeResult(output: output.bytes, exitStatus: output.streamFailed ? DecodeResult.dataError : 0)
    }

    /// `--messages`: every input line is `{"text":"…"}` or `{"base64":"…"}`; output line i answers input line i.
    static func runMessages(_ session: inout any MessageDecodeSession, input: [UInt8]) -> DecodeResult {
        var output = DecodeOutput()
        for (number, line) in messageLines(input).enumerated() {
            switch MessageLine.parse(line) {
            case let .success(message):
                message.payload.withUnsafeBytes { payload in
                    session.decode(message: payload, isText: message.isText, output: &output)
                }
            case let .failure(error):
                output.emitError(code: error.code, message: "line \(number + 1): \(error.message)", offset: nil,
                                 endsStream: false)
            }
        }
        return DecodeResult(output: output.bytes, exitStatus: 0)
    }

    /// Splits on LF (a CR before it is dropped); a last line without LF counts, an empty tail does not.
    static func messageLines(_ input: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in input.indices where input[index] == UInt8(ascii: "\n") {
            var end = index
            if end > start, input[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            lines.append(input[start..<end])
            start = index + 1
        }
        if start < input.count { lines.append(input[start...]) }
        return lines
    }
}

/// One `--messages` input line, decoded.
struct MessageLine {
    var payload: [UInt8]
    var isText: Bool

    static func parse(_ line: ArraySlice<UInt8>) -> Result<MessageLine, HarnessUsageError> {
        let invalid = HarnessUsageError(
            code: "invalid-message-line", message: "expected {\"text\":\"…\"} or {\"base64\":\"…\"}")
        guard let object = JSONInput.parse(line), let members = object.objectMembers, members.count == 1 else {
            return .failure(invalid)
        }
        if let text = object["text"]?.stringValue {
            return .success(MessageLine(payload: Array(text.utf8), isText: true))
        }
        if let encoded = object["base64"]?.stringValue {
            guard let bytes = Base64.decode(encoded) else {
                return .failure(HarnessUsageError(code: "invalid-message-line", message: "base64 payload is malformed"))
            }
            return .success(MessageLine(payload: bytes, isText: false))
        }
        return .failure(invalid)
    }
}
