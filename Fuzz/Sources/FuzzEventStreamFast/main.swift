import FuzzOracles

/// libFuzzer entry: Event Streamer NDJSON push API, one pass: crash/limit oracle (EventStreamFastOracle).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventStreamFast(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzEventStreamFast", start, count)
}
