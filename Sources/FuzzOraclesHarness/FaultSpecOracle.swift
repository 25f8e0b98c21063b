import FuzzOracles
import MockServers

/// The `--fault` grammar (`FaultSpec.parse`, MockServers Docs/fault-grammar.md) on arbitrary text
/// (`FuzzFaultSpec`). Holds: it accepts or refuses with a kebab-case code; an accepted spec keeps its text
/// exactly, parses again to the same spec, and its numbers are within `FaultSpec.maxNumber`.
public enum FaultSpecOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let text = String(decoding: input, as: UTF8.self)
        let spec: FaultSpec
        do throws(FaultSpecError) { spec = try FaultSpec.parse(text) } catch {
            try HarnessOracleChecks.code(error.code, prefix: "")
            return
        }
        guard spec.text == text else { throw FuzzViolation("spec text changed") }
        let again: FaultSpec
        do throws(FaultSpecError) { again = try FaultSpec.parse(spec.text) } catch {
            throw FuzzViolation("accepted spec does not parse again: \(error.code)")
        }
        guard again == spec else { throw FuzzViolation("spec parses to a different value the second time") }
    }
}
