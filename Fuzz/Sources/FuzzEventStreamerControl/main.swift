import FuzzOracles

/// libFuzzer entry: Event Streamer control plane: bulk acks and their replies, processing status.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventStreamerControl(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzEventStreamerControl", start, count)
}
