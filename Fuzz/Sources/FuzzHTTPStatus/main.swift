import FuzzOracles

/// libFuzzer entry: HTTP streaming response-head rules: status, Retry-After, Content-Type, session open.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPStatus(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzHTTPStatus", start, count)
}
