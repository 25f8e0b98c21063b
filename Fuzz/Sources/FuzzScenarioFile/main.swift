import FuzzOracles
import FuzzOraclesHarness

/// libFuzzer entry: scenario file reader (ScenarioParser.parse).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenarioFile(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzScenarioFile", in: HarnessFuzzOracleRegistry.oracles, start, count)
}
