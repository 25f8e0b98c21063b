import FuzzOracles

/// libFuzzer entry: WebSocket decoder push API, one pass, byte 0 picks role and deflate: crash/limit oracle.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWSFrameFast(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzWSFrameFast", start, count)
}
