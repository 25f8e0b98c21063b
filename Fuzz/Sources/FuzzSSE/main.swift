import FuzzOracles

/// libFuzzer entry: `SSEDecoder` (whole and chunked) must agree exactly with the spec-literal `SSEReference`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzSSE", start, count)
}
