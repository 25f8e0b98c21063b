import FuzzOracles
import FuzzOraclesHarness

/// libFuzzer entry: suite report reader (SuiteReport.parse) and its json() round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSuiteReport(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzSuiteReport", in: HarnessFuzzOracleRegistry.oracles, start, count)
}
