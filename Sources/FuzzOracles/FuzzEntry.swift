#if canImport(Glibc)
import Glibc
#endif

/// Shared body of every libFuzzer target: look up the oracle by target name, run it, and abort (so libFuzzer
/// saves the input as a crasher) when it reports a violation.
public enum FuzzEntry {
    public static func run(oracle name: String, _ start: UnsafeRawPointer?, _ count: Int) -> CInt {
        guard let oracle = FuzzOracleRegistry.oracles[name] else {
            print("no oracle named \(name)")
            abort()
        }
        let bytes = UnsafeRawBufferPointer(start: count > 0 ? start : nil, count: count)
        do throws(FuzzViolation) {
            try oracle(bytes)
        } catch {
            print("fuzz violation in \(name): \(error)")
            abort()
        }
        return 0
    }
}
