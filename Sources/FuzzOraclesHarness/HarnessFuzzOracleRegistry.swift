import FuzzOracles

/// Oracles of the targets that read the harness's own input files (fixture manifests, scenario files, `--fault`
/// specs, suite reports). They live apart from `FuzzOracleRegistry` because those readers sit in HarnessKit and
/// MockServers, which link NIO: the codec targets stay quick to build without them.
public enum HarnessFuzzOracleRegistry {
    public static let oracles: [String: FuzzOracleRegistry.Oracle] = [
        "FuzzFixtureManifest": { bytes throws(FuzzViolation) in try FixtureManifestOracle.check(bytes) },
        "FuzzScenarioFile": { bytes throws(FuzzViolation) in try ScenarioFileOracle.check(bytes) },
        "FuzzFaultSpec": { bytes throws(FuzzViolation) in try FaultSpecOracle.check(bytes) },
        "FuzzSuiteReport": { bytes throws(FuzzViolation) in try SuiteReportOracle.check(bytes) },
    ]
}
