import Codecs
import XCTest
@testable import ISYXML

/// Frames from the anonymised eisy captures quoted in service-profiles.md §2.4 (shbatm/pyisyox
/// `tests/fixtures/eisy6/`), with the values pyisyox 6.0.1 `parse_event_frame` gives for them.
final class ISYEventDecoderTests: XCTestCase {
    let decoder = ISYEventDecoder()

    func decode(_ xml: String) throws -> ISYEvent {
        try decoder.decode(Array(xml.utf8))
    }

    func testCapturedStatusFrameFieldsMatchPyisyox() throws {
        let event = try decode(#"<?xml version="1.0" encoding="UTF-8"?><Event seqnum="16" sid="uuid:1" timestamp="2026-05-05T18:52:41.875777-07:00"><control>ST</control><action uom="100" prec="0">0</action><node>42 92 8C 1</node><eventInfo></eventInfo><fmtAct>Off</fmtAct><fmtName>Status</fmtName></Event>"#)
        XCTAssertEqual(event.seqnum, 16)
        XCTAssertEqual(event.sid, "uuid:1")
        XCTAssertEqual(event.timestamp, "2026-05-05T18:52:41.875777-07:00")
        XCTAssertEqual(event.control, .property("ST"))
        XCTAssertEqual(event.action, "0")
        XCTAssertEqual(event.uom, "100")
        XCTAssertEqual(event.prec, 0)
        XCTAssertEqual(event.node, "42 92 8C 1")
        XCTAssertEqual(event.fmtAct, "Off")
        XCTAssertEqual(event.fmtName, "Status")
        XCTAssertEqual(event.eventInfo, "")
    }

    func testAbsentPartsAreNilAndEventInfoEmpty() throws {
        let event = try decode("<Event><control>DON</control></Event>")
        XCTAssertNil(event.seqnum)
        XCTAssertNil(event.sid)
        XCTAssertNil(event.timestamp)
        XCTAssertNil(event.action)
        XCTAssertNil(event.uom)
        XCTAssertNil(event.prec)
        XCTAssertNil(event.fmtAct)
        XCTAssertEqual(event.eventInfo, "")
    }

    /// pyisyox takes ElementTree's `.text` (text before the first child, comments skipped, CDATA and references
    /// decoded) of the first child of each name, and `int()` for seqnum/prec.
    func testElementTextFollowsElementTreeRules() throws {
        let event = try decode(#"<Event seqnum=" 7 " sid="a&amp;b"><control>S<!--c-->T</control><control>X</control><action prec="x">a<![CDATA[<b>]]>&amp;c<y/>tail</action><node>n&#x41;</node><fmtAct/></Event>"#)
        XCTAssertEqual(event.seqnum, 7)
        XCTAssertEqual(event.sid, "a&b")
        XCTAssertEqual(event.control, .property("ST"))
        XCTAssertEqual(event.action, "a<b>&c")
        XCTAssertNil(event.prec)
        XCTAssertEqual(event.node, "nA")
        XCTAssertEqual(event.fmtAct, "")
    }

    func testEventInfoIsTheVerbatimTrimmedInnerXML() throws {
        let event = try decode("<Event><control>_1</control><action>6</action><eventInfo>\n  <var type=\"2\" id='12'><prec>0</prec><val>0</val><ts>20260506 13:23:15 </ts></var> \r\n</eventInfo></Event>")
        XCTAssertEqual(event.eventInfo, "<var type=\"2\" id='12'><prec>0</prec><val>0</val><ts>20260506 13:23:15 </ts></var>")
        let change = try XCTUnwrap(event.variableChange)
        XCTAssertEqual(change, ISYVariableChange(type: "2", id: "12", value: "0", initialValue: nil, precision: 0,
                                                 timestamp: "20260506 13:23:15", isInit: false))
    }

    func testStrayAmpersandInProgressLogIsKeptLiterally() throws {
        let event = try decode("<Event seqnum=\"5\"><control>_7</control><action>1</action><node></node><eventInfo>U7 Rest: /rest/vars/set/2/12?NUM.107=24&VAL.111=1 <![CDATA[a&b]]></eventInfo></Event>")
        XCTAssertEqual(event.eventInfo, "U7 Rest: /rest/vars/set/2/12?NUM.107=24&VAL.111=1 <![CDATA[a&b]]>")
        let progress = try XCTUnwrap(event.progress)
        XCTAssertEqual(progress.kind, .update)
        XCTAssertEqual(progress.message, "U7 Rest: /rest/vars/set/2/12?NUM.107=24&VAL.111=1 a&b")
        XCTAssertThrowsError(try ISYEventDecoder(tolerantAmpersands: false).decode(Array("<Event><eventInfo>a&b</eventInfo></Event>".utf8))) {
            XCTAssertEqual(($0 as? ISYEventError)?.code, "xml-stray-ampersand")
        }
    }

    func testCapturedProgramStatusFrame() throws {
        let event = try decode("<Event><control>_1</control><action>0</action><node></node><eventInfo><id>8D</id><on /><nr /><r>260506 14:30:36 </r><f>260506 14:30:36 </f><s>31</s></eventInfo></Event>")
        let status = try XCTUnwrap(event.programStatus)
        XCTAssertEqual(status.id, "8D")
        XCTAssertEqual(status.enabled, true)
        XCTAssertEqual(status.runAtStartup, false)
        XCTAssertEqual(status.statusByte, 0x31)
        XCTAssertEqual(status.runState, .idle)
        XCTAssertEqual(status.evalState, .false)
        XCTAssertEqual(status.lastRun, "260506 14:30:36")
        XCTAssertEqual(status.lastFinish, "260506 14:30:36")
        XCTAssertNil(status.nextScheduledRun)
        XCTAssertNil(event.variableChange)
    }

    func testCapturedLifecycleSystemStatusAndHeartbeatFrames() throws {
        let lifecycle = try decode("<Event><control>_3</control><action>WH</action><node>8E 55 0D 1</node><eventInfo><status>0</status></eventInfo></Event>")
        XCTAssertEqual(lifecycle.control, .system(.nodeLifecycle))
        XCTAssertEqual(lifecycle.nodeLifecycle, ISYNodeLifecycle(
            verb: .pendingDeviceOperation, rawAction: "WH", node: "8E 55 0D 1", enabled: nil, newName: nil,
            nodeName: nil, groupName: nil, status: "0"))
        let enabled = try decode("<Event><control>_3</control><action>EN</action><node>1 2 3 1</node><eventInfo><enabled>false</enabled></eventInfo></Event>")
        XCTAssertEqual(enabled.nodeLifecycle?.enabled, false)

        let busy = try decode("<Event><control>_5</control><action>1</action><node></node><eventInfo></eventInfo></Event>")
        XCTAssertEqual(busy.systemStatus, .busy)
        XCTAssertNil(busy.heartbeatInterval)

        let heartbeat = try decode("<Event seqnum=\"424\" sid=\"uuid:74\"><control>_0</control><action>90</action><node></node><eventInfo></eventInfo></Event>")
        XCTAssertEqual(heartbeat.control, .system(.heartbeat))
        XCTAssertEqual(heartbeat.heartbeatInterval, 90)
    }

    func testControlCodesCoverUnderscoreZeroToTwentyEightAndPassOthersThrough() {
        for code in ISYSystemControl.allCases {
            XCTAssertEqual(ISYControl("_\(code.rawValue)"), .system(code))
        }
        XCTAssertEqual(ISYSystemControl.allCases.count, 29)
        XCTAssertEqual(ISYSystemControl.nodeLifecycle.name, "node_lifecycle")
        XCTAssertEqual(ISYSystemControl.matterStatus.name, "matter_status")
        XCTAssertEqual(ISYControl("_29"), .unknownSystem("_29"))
        XCTAssertEqual(ISYControl("_7A"), .unknownSystem("_7A"))
        XCTAssertEqual(ISYControl("_05"), .unknownSystem("_05"))
        XCTAssertEqual(ISYControl("GV1"), .property("GV1"))
        XCTAssertEqual(ISYControl("CLITEMP").name, "CLITEMP")
    }

    func testNonEventRootAndMalformedFramesAreTypedErrors() {
        let vectors: [(String, String)] = [
            ("<SubscriptionResponse><SID>uuid:1</SID></SubscriptionResponse>", "isy-not-an-event"),
            ("<Event><control>ST</control>", "xml-unexpected-end"),
            ("<Event><control>ST</action></Event>", "xml-mismatched-end-tag"),
            ("<!DOCTYPE Event [<!ENTITY x \"y\">]><Event/>", "xml-dtd-not-allowed"),
            ("<Event>&#0;</Event>", "xml-invalid-character-reference"),
        ]
        for (xml, code) in vectors {
            XCTAssertThrowsError(try decode(xml), xml) { XCTAssertEqual(($0 as? ISYEventError)?.code, code, xml) }
        }
    }

    func testEncoderRoundTripsThroughTheDecoder() throws {
        let contents: [ISYEventContent] = [
            ISYEventContent(seqnum: 16, sid: "uuid:1", timestamp: "2026-05-05T18:52:41.875777-07:00", control: "ST",
                            action: "0", uom: "100", prec: 0, node: "42 92 8C 1", eventInfo: "", fmtAct: "Off",
                            fmtName: "Status"),
            ISYEventContent.heartbeat(seqnum: 3, sid: "uuid:2", interval: 90),
            ISYEventContent(seqnum: -1, sid: "a\"b<c>&d\te\nf\rg", control: "x<&>", action: "1\r\n2", uom: "'",
                            prec: -2, node: "é 😀", eventInfo: "<var type=\"2\" id=\"1\"><val>3</val></var>",
                            fmtAct: "60%"),
        ]
        for content in contents {
            for declaration in [true, false] {
                let event = try decoder.decode(ISYEventEncoder.xml(content, declaration: declaration))
                XCTAssertEqual(event.seqnum, content.seqnum)
                XCTAssertEqual(event.sid, content.sid)
                XCTAssertEqual(event.timestamp, content.timestamp)
                XCTAssertEqual(event.control?.rawValue, content.control)
                XCTAssertEqual(event.action, content.action)
                XCTAssertEqual(event.uom, content.uom)
                XCTAssertEqual(event.prec, content.prec)
                XCTAssertEqual(event.node, content.node)
                XCTAssertEqual(event.eventInfo, content.eventInfo)
                XCTAssertEqual(event.fmtAct, content.fmtAct)
                XCTAssertEqual(event.fmtName, content.fmtName)
            }
        }
        XCTAssertEqual(String(decoding: ISYEventEncoder.envelope(type: "spolisy", data: #"{"status":"inactive"}"#), as: UTF8.self),
                       #"{"type":"spolisy","data":"{\"status\":\"inactive\"}"}"#)
    }
}
