import FuzzOracles

/// libFuzzer entry: the WebSocket decoder (see `WSFrameOracle`) for this target's role and deflate setting.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWSFrameDeflateServer(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzWSFrameDeflateServer", start, count)
}
