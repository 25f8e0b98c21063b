import FuzzOracles

/// libFuzzer entry: Stream coordinator control messages (connection.ok / connection.error / health.check).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStreamControl(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzStreamControl", start, count)
}
