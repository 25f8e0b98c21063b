import FuzzOracles

/// libFuzzer entry: the Central protobuf decoder accepts or rejects with a documented error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCentralDecode(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzCentralDecode", start, count)
}
