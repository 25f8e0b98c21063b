import FuzzOracles

/// libFuzzer entry: the strict JSON reader, differential against Foundation's JSONSerialization.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzJSON", start, count)
}
