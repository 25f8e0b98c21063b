extension ISYFrameDecoder {
    /// The `/api/events/subscribe` JSON envelope; needs the shared JSON reader (not landed yet).
    func decodeEnvelope<R>(_ message: UnsafeRawBufferPointer, _ body: (ISYFrame) -> R) throws(ISYEventError) -> R {
        throw ISYEventError(.envelopeMalformed, offset: 0)
    }
}
