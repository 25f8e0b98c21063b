import FuzzOracles
import HarnessKit
import MockServers

/// The scenario file reader (`ScenarioParser.parse`, docs/VERIFY.md "Scenarios") on arbitrary bytes
/// (`FuzzScenarioFile`). Holds: it accepts or refuses with a kebab-case `scenario-*` code; an accepted scenario's
/// service is one of `ScenarioService.all`, each of its faults is a spec the fault parser accepts, and its time
/// limit is positive and finite.
public enum ScenarioFileOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let scenario: Scenario
        do throws(ScenarioError) { scenario = try ScenarioParser.parse(Array(input), name: "fuzz") } catch {
            try HarnessOracleChecks.code(error.code, prefix: "scenario-")
            return
        }
        guard ScenarioService.all.contains(scenario.service) else {
            throw FuzzViolation("service \(scenario.service) accepted")
        }
        for fault in scenario.mock.faults {
            do throws(FaultSpecError) { _ = try FaultSpec.parse(fault) } catch {
                throw FuzzViolation("fault '\(fault)' accepted by the scenario but not by the parser: \(error.code)")
            }
        }
        guard scenario.timeLimit.isFinite, scenario.timeLimit > 0 else {
            throw FuzzViolation("time limit \(scenario.timeLimit)")
        }
    }
}
