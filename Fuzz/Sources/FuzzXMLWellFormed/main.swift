import FuzzOracles

/// libFuzzer entry: XML well-formedness vs libxml2 (see the oracle in Sources/FuzzOracles).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzXMLWellFormed", start, count)
}
