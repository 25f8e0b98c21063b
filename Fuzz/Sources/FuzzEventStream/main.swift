import FuzzOracles

/// libFuzzer entry: the Event Streamer NDJSON stream decoder against a spec-literal line splitter, under chunkings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventStream(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzEventStream", start, count)
}
