import Foundation
import FuzzOracles
import HarnessKit

/// The fixture manifest reader (`Fixture.parse(manifest:…)`, docs/FIXTURES.md) on arbitrary bytes
/// (`FuzzFixtureManifest`). The files it names exist when their name is at most 32 bytes (contents derived from
/// the name). Holds: it accepts or refuses with a message naming the manifest; an accepted fixture's `chunks` are
/// positive and sum to the input's size, `timing_ms` has one number per chunk, and the input and expected bytes
/// are the files named.
public enum FixtureManifestOracle {
    static let directory = URL(fileURLWithPath: "/fuzz/fixture")

    static func file(_ name: String) -> [UInt8]? {
        guard name.utf8.count <= 32 else { return nil }
        return Array(name.utf8.prefix(name.utf8.count % 5))
    }

    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let fixture: Fixture
        do throws(FixtureError) {
            fixture = try Fixture.parse(manifest: Array(input), directory: directory, name: "fuzz", readFile: file)
        } catch {
            guard error.path.hasSuffix("fixture.json"), !error.message.isEmpty else {
                throw FuzzViolation("refusal without the manifest path or a message: \(error)")
            }
            return
        }
        if let chunks = fixture.chunks {
            guard chunks.allSatisfy({ $0 > 0 }), chunks.reduce(0, +) == fixture.input.count else {
                throw FuzzViolation("chunks \(chunks) for \(fixture.input.count) input bytes")
            }
        }
        if let timing = fixture.timingMilliseconds, timing.count != (fixture.chunks?.count ?? 1) {
            throw FuzzViolation("\(timing.count) timings for \(fixture.chunks?.count ?? 1) chunks")
        }
        guard fixture.input.count <= 4, fixture.expected.count <= 4 else {
            throw FuzzViolation("input or expected bytes not from the files named")
        }
    }
}
