import FuzzOracles

/// libFuzzer entry: SSE push API, one pass: crash/limit oracle (SSEFastOracle).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSEFast(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzSSEFast", start, count)
}
