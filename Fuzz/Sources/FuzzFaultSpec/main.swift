import FuzzOracles
import FuzzOraclesHarness

/// libFuzzer entry: --fault spec parser (FaultSpec.parse).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFaultSpec(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzFaultSpec", in: HarnessFuzzOracleRegistry.oracles, start, count)
}
