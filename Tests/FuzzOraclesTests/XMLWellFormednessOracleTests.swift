import FuzzOracles
import XCTest

/// The well-formedness oracle must really reach libxml2, or its agreement would be vacuous.
final class XMLWellFormednessOracleTests: XCTestCase {
    func testLibxml2IsLoadedAndJudgesWellFormedness() {
        let vectors: [(String, Bool)] = [("<a/>", true), ("<a>", false), ("<a/><b/>", false), ("<a b=1/>", false),
                                         ("<a>&amp;</a>", true), ("<a>&x;</a>", false)]
        for (xml, expected) in vectors {
            let verdict = Array(xml.utf8).withUnsafeBytes { XMLWellFormednessOracle.libxml2Accepts($0) }
            XCTAssertEqual(verdict, expected, xml)
        }
    }
}
