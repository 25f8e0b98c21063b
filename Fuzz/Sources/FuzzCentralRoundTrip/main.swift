import FuzzOracles

/// libFuzzer entry: decode, encode, decode gives the same Central message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCentralRoundTrip(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzCentralRoundTrip", start, count)
}
