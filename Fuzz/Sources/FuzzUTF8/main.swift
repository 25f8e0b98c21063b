import FuzzOracles

/// libFuzzer entry: UTF-8 validation (whole and incremental) must agree with the standard library.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUTF8(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzUTF8", start, count)
}
