import Codecs
import Foundation
import Testing

/// The JSONTestSuite parsing corpus (github.com/nst/JSONTestSuite), vendored as a resource of this test target
/// (`Resources/JSONTestSuite/test_parsing`; provenance and licence beside it): `y_` must be accepted, `n_`
/// rejected, and each `i_` (implementation-defined) file gets the verdict chosen below.
@Suite struct JSONTestSuiteTests {
    static var corpusDirectory: URL {
        (Bundle.module.resourceURL ?? Bundle.module.bundleURL).appendingPathComponent("JSONTestSuite/test_parsing")
    }

    /// Our choice for every implementation-defined case, with the reason.
    /// - numbers beyond binary64 or Int64 (`i_number_*`): accepted; the literal is kept as text, so integers stay
    ///   exact and `double` gives ±infinity or ±0, as Python's `json` does.
    /// - unpaired surrogate escapes (`*surrogate*`, `i_object_key_lone_2nd_surrogate`): rejected, RFC 8259 §8.2
    ///   says they make strings unpredictable and our output must be valid UTF-8.
    /// - invalid or non-UTF-8 encodings (latin-1, UTF-16, overlongs, truncated, encoded surrogates, > U+10FFFF):
    ///   rejected, RFC 8259 §8.1 requires UTF-8.
    /// - byte order mark: rejected (§8.1: implementations MUST NOT add one; we do not skip one either).
    /// - 500 nested arrays: rejected, deeper than `JSONLimits.maxDepth` (128).
    static func implementationDefinedVerdict(_ name: String) -> Bool {
        name.hasPrefix("i_number_")
    }

    static func corpus() throws -> [(name: String, bytes: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            (name, [UInt8](try Data(contentsOf: corpusDirectory.appendingPathComponent(name))))
        }
    }

    static func accepts(_ bytes: [UInt8]) -> Bool {
        (try? JSONValue.parse(bytes)) != nil
    }

    static func acceptsBySkipping(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            do {
                var reader = try JSONReader(raw)
                try reader.skipValue()
                try reader.finish()
                return true
            } catch {
                return false
            }
        }
    }

    @Test func corpusIsPresent() throws {
        let files = try Self.corpus()
        #expect(files.count >= 300, "JSONTestSuite not found at \(Self.corpusDirectory.path)")
    }

    @Test func everyYFileIsAcceptedAndEveryNFileRejected() throws {
        var checked = 0
        for (name, bytes) in try Self.corpus() {
            let expected: Bool
            if name.hasPrefix("y_") { expected = true } else if name.hasPrefix("n_") { expected = false } else { continue }
            #expect(Self.accepts(bytes) == expected, "\(name): readValue")
            #expect(Self.acceptsBySkipping(bytes) == expected, "\(name): skipValue")
            checked += 1
        }
        #expect(checked > 270)
    }

    @Test func implementationDefinedFilesGetTheDocumentedVerdict() throws {
        var checked = 0
        for (name, bytes) in try Self.corpus() where name.hasPrefix("i_") {
            let expected = Self.implementationDefinedVerdict(name)
            #expect(Self.accepts(bytes) == expected, "\(name)")
            #expect(Self.acceptsBySkipping(bytes) == expected, "\(name): skipValue")
            checked += 1
        }
        #expect(checked == 35)
    }

    /// Values, not just verdicts: every accepted `y_` document materialises to what Foundation's parser reads.
    @Test func acceptedValuesMatchJSONSerialization() throws {
        for (name, bytes) in try Self.corpus() where name.hasPrefix("y_") {
            guard let ours = try? JSONValue.parse(bytes) else { continue }
            guard let theirs = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
                continue
            }
            #expect(JSONFoundationComparison.matches(ours, theirs), "\(name)")
        }
    }
}
