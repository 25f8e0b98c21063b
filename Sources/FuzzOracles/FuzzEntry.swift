#if canImport(Glibc)
import Glibc
#endif

/// Shared body of every libFuzzer target: look up the oracle by target name in `registry` (the codec oracles by
/// default; the harness readers' targets pass theirs), run it, and abort (so libFuzzer saves the input as a
/// crasher) when it reports a violation.
public enum FuzzEntry {
    public static func run(
        oracle name: String, in registry: [String: FuzzOracleRegistry.Oracle] = FuzzOracleRegistry.oracles,
        _ start: UnsafeRawPointer?, _ count: Int
    ) -> CInt {
        guard let oracle = registry[name] else {
            report("no oracle named \(name)")
        }
        let bytes = UnsafeRawBufferPointer(start: count > 0 ? start : nil, count: count)
        do throws(FuzzViolation) {
            try oracle(bytes)
        } catch {
            report("fuzz violation in \(name): \(error)")
        }
        return 0
    }

    /// Writes the reason to stderr (unbuffered, so `abort` cannot lose it as it lost buffered stdout) and aborts.
    static func report(_ message: String) -> Never {
        let line = Array((message + "\n").utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }
}
