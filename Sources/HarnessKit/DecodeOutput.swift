import Codecs

/// Collects the NDJSON that `harness decode` prints: one JSON object per line, and whether a stream error ended
/// the run (exit status 65).
public struct DecodeOutput: Sendable {
    /// The output written so far.
    public private(set) var writer = JSONWriter(capacity: 4096)
    /// Set once a stream codec reported an error that ends the stream.
    public private(set) var streamFailed = false

    public init() {}

    /// The NDJSON bytes.
    public var bytes: [UInt8] { writer.bytes }

    /// Writes one line holding the object that `body` writes (body writes the members, not the braces).
    public mutating func emitObject(_ body: (inout JSONWriter) -> Void) {
        writer.beginObject()
        body(&writer)
        writer.endObject()
        writer.endLine()
    }

    /// Writes an error line `{"error":{"code":…,"message":…,"offset":…, extra…}}`; `extra` adds members such as
    /// `closeCode` or `line`. With `endsStream`, marks the run failed.
    public mutating func emitError(
        code: String, message: String, offset: Int?, endsStream: Bool,
        extra: (inout JSONWriter) -> Void = { _ in }
    ) {
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.key("code")
        writer.string(code)
        writer.key("message")
        writer.string(message)
        writer.key("offset")
        if let offset { writer.int(offset) } else { writer.null() }
        extra(&writer)
        writer.endObject()
        writer.endObject()
        writer.endLine()
        if endsStream { streamFailed = true }
    }

    /// Writes a `CodecError` as an error line.
    public mutating func emitError(
        _ error: some CodecError, endsStream: Bool, extra: (inout JSONWriter) -> Void = { _ in }
    ) {
        emitError(code: error.code, message: error.message, offset: error.offset, endsStream: endsStream, extra: extra)
    }
}
