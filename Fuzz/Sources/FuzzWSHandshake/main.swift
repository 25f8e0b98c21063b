import FuzzOracles

/// libFuzzer entry: WebSocket opening handshake readers (client and server side), whole vs pieces.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWSHandshake(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzWSHandshake", start, count)
}
