import Foundation
import FuzzOracles
import FuzzOraclesHarness
import XCTest

/// Replays every saved fuzz input (crashers and interesting cases in `Fuzz/FailCases/<Target>/`) through its
/// oracle, so a fixed bug stays fixed.
final class FailCasesTests: XCTestCase {
    static let failCases = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/FailCases")

    func testEverySavedFuzzInputPassesItsOracle() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.failCases.path).sorted()
        XCTAssertTrue(targets.contains("FuzzUTF8"))
        var replayed = 0
        for target in targets {
            guard let oracle = FuzzOracleRegistry.oracles[target] ?? HarnessFuzzOracleRegistry.oracles[target] else {
                XCTFail("Fuzz/FailCases/\(target) has no oracle in FuzzOracleRegistry or HarnessFuzzOracleRegistry")
                continue
            }
            let folder = Self.failCases.appendingPathComponent(target)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where !file.hasPrefix(".") {
                let data = try Data(contentsOf: folder.appendingPathComponent(file))
                data.withUnsafeBytes { bytes in
                    do throws(FuzzViolation) { try oracle(bytes) } catch {
                        XCTFail("\(target)/\(file): \(error)")
                    }
                }
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, 0)
    }

    func testUTF8OracleAgreesWithStandardLibraryOnRandomInputs() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            bytes.withUnsafeBytes { raw in
                do throws(FuzzViolation) { try UTF8Oracle.check(raw) } catch {
                    XCTFail("\(bytes.map { String($0, radix: 16) }): \(error)")
                }
            }
        }
    }
}
