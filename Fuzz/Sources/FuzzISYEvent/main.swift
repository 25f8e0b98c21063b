import FuzzOracles

/// libFuzzer entry: eisy event frames (raw XML or JSON envelope) and raw streams (see the oracle in Sources/FuzzOracles).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzISYEvent", start, count)
}
