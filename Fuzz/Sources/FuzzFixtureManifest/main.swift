import FuzzOracles
import FuzzOraclesHarness

/// libFuzzer entry: fixture manifest reader (Fixture.parse).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFixtureManifest(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntry.run(oracle: "FuzzFixtureManifest", in: HarnessFuzzOracleRegistry.oracles, start, count)
}
