import Codecs

extension HarnessCodec {
    /// `harness decode utf8-lines`: a diagnostic codec for the shared core. Each LF-terminated line (and a final
    /// unterminated one) becomes `{"line":"…"}`; invalid UTF-8 ends the stream with `invalid-utf8` at the first
    /// impossible byte's stream offset, before the line it is in completes.
    public static let utf8Lines = HarnessCodec(
        name: "utf8-lines",
        makeStream: { _ in UTF8LinesSession() },
        makeMessages: nil
    )
}

/// Splits a stream into lines while validating it incrementally.
struct UTF8LinesSession: StreamDecodeSession {
    var buffer = InputBuffer()
    var validator = IncrementalUTF8Validator()
    /// Readable-relative index where the LF search resumes, so 1-byte chunks never rescan a line.
    var searchFrom = 0

    mutating func feed(_ chunk: UnsafeRawBufferPointer, output: inout DecodeOutput) -> Bool {
        let chunkStart = buffer.totalAppended
        do throws(UTF8ValidationError) {
            try validator.feed(chunk)
        } catch {
            // Lines that end before the bad byte are still delivered, so output does not depend on chunking.
            let validPrefix = max(0, min(chunk.count, (error.offset ?? chunkStart) - chunkStart))
            buffer.append(UnsafeRawBufferPointer(rebasing: chunk[0..<validPrefix]))
            emitCompleteLines(output: &output)
            output.emitError(error, endsStream: true)
            return false
        }
        buffer.append(chunk)
        emitCompleteLines(output: &output)
        return true
    }

    mutating func emitCompleteLines(output: inout DecodeOutput) {
        while true {
            let lineEnd: Int? = buffer.withReadableBytes { bytes in
                var index = searchFrom
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\n") { return index }
                    index &+= 1
                }
                return nil
            }
            guard let lineEnd else {
                searchFrom = buffer.readableCount
                return
            }
            buffer.withReadableBytes { bytes in
                output.emitObject { writer in
                    writer.key("line")
                    writer.string(utf8: UnsafeRawBufferPointer(rebasing: bytes[0..<lineEnd]))
                }
            }
            buffer.consume(lineEnd &+ 1)
            searchFrom = 0
        }
    }

    mutating func finish(output: inout DecodeOutput) {
        do throws(UTF8ValidationError) {
            try validator.finish()
        } catch {
            output.emitError(error, endsStream: true)
            return
        }
        guard !buffer.isEmpty else { return }
        buffer.withReadableBytes { bytes in
            output.emitObject { writer in
                writer.key("line")
                writer.string(utf8: bytes)
            }
        }
        buffer.removeAll()
    }
}
