import FuzzOracles

/// libFuzzer entry: the WebSocket decoder (see `WSFrameOracle`) for this target's role and deflate setting.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWSFrameDeflateClient(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzWSFrameDeflateClient", start, count)
}
