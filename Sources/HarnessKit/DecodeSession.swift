/// A codec's incremental decoder behind `harness decode` over a raw byte stream.
public protocol StreamDecodeSession {
    /// Decodes the next chunk, writing an output line per item. Returns false once the stream has ended with an
    /// error (written to `output`); no more input is fed after that.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, output: inout DecodeOutput) -> Bool
    /// The input has ended: write what end-of-stream produces (items or an error).
    mutating func finish(output: inout DecodeOutput)
}

/// A codec's decoder behind `harness decode --messages`: one whole message at a time, one output line each.
public protocol MessageDecodeSession {
    /// Decodes one message and writes exactly one output line for it (an item, `ignored`, or an error object).
    mutating func decode(message: UnsafeRawBufferPointer, isText: Bool, output: inout DecodeOutput)
}
