import Codecs
import SSE

/// One conformance vector: a complete body (EOF after it), the items it must produce and the state it must leave.
/// Every expected value is taken from the WHATWG HTML text (§9.2.5 examples, §9.2.6 rules), the web-platform-tests
/// `eventsource/format-*` tests, or the Encoding Standard / Unicode Table 3-8 for U+FFFD replacement; `source`
/// names which. WPT bodies are what its `resources/message.py` serves: the `message` parameter, then `"\n\n"`
/// (omitted with `newline=none`), then `"\n"`.
struct SSEVector: Sendable {
    var name: String
    var source: String
    var input: [UInt8]
    var items: [SSEItem<SSEEvent>]
    /// `lastEventID` after EOF.
    var lastEventID = ""
    /// `reconnectionTime` after EOF.
    var reconnectionTime: Int?
    var error: SSEDecodingError?
    var limits = SSELimits()
    /// The last event ID a reconnecting client seeds the decoder with.
    var initialLastEventID = ""
}

/// Builds an expected event.
func event(_ data: String, type: String = "message", id: String = "") -> SSEItem<SSEEvent> {
    .event(SSEEvent(type: type, data: data, lastEventID: id))
}

/// Builds an expected retry item.
func retry(_ milliseconds: Int) -> SSEItem<SSEEvent> { .retry(milliseconds: milliseconds) }

/// UTF-8 bytes of a Swift string.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A WPT `message.py` body: the message, `"\n\n"` unless `newline=none`, then `"\n"`.
func wptMessage(_ message: String, newlineNone: Bool = false) -> [UInt8] {
    utf8(message + (newlineNone ? "" : "\n\n") + "\n")
}

func limits(line: Int = 1 << 20, data: Int = 4 << 20) -> SSELimits {
    var limits = SSELimits()
    limits.maxLineLength = line
    limits.maxEventDataSize = data
    return limits
}

let longComment = String(repeating: "x", count: 2048)

enum SSEConformanceVectors {
    /// The web-platform-tests `eventsource/` parsing tests, one vector each.
    static let wpt: [SSEVector] = [
        SSEVector(
            name: "BOM at stream start is stripped; a BOM starting a later line makes the field name unknown",
            source: "WPT eventsource/format-bom",
            input: wptMessage("\u{FEFF}data:1\n\n\u{FEFF}data:2\n\ndata:3"),
            items: [event("1"), event("3")]),
        SSEVector(
            name: "only one BOM is stripped: a second one is part of the first field name",
            source: "WPT eventsource/format-bom-2",
            input: wptMessage("\u{FEFF}\u{FEFF}data:1\n\ndata:2\n\ndata:3"),
            items: [event("2"), event("3")]),
        SSEVector(
            name: "comments (with NUL, long ones, CR/LF/CRLF ends, looking like fields) are ignored",
            source: "WPT eventsource/format-comments",
            input: wptMessage(
                "data:1\r:\0\n:\r\ndata:2\n:" + longComment + "\rdata:3\n:data:fail\r:" + longComment + "\ndata:4\n",
                newlineNone: true),
            items: [event("1\n2\n3\n4")]),
        SSEVector(
            name: "an event without its final blank line is not dispatched and its id is not applied",
            source: "WPT eventsource/format-data-before-final-empty-line",
            input: wptMessage("retry:1000\ndata:test1\n\nid:test\ndata:test2", newlineNone: true),
            items: [retry(1000), event("test1")],
            reconnectionTime: 1000),
        SSEVector(
            name: "data with empty value, data without colon, twice, and plain data",
            source: "WPT eventsource/format-field-data",
            input: wptMessage("data:\n\ndata\ndata\n\ndata:test"),
            items: [event(""), event("\n"), event("test")]),
        SSEVector(
            name: "an empty event field leaves the type message",
            source: "WPT eventsource/format-field-event-empty",
            input: wptMessage("event: \ndata:data"),
            items: [event("data")]),
        SSEVector(
            name: "event field sets the type of that event only",
            source: "WPT eventsource/format-field-event",
            input: wptMessage("event:test\ndata:x\n\ndata:x"),
            items: [event("x", type: "test"), event("x")]),
        SSEVector(
            name: "id is reported with the event; retry is applied",
            source: "WPT eventsource/format-field-id, format-field-id-2 (resources/last-event-id.py, first connection)",
            input: utf8("id: …\nretry: 200\ndata: hello\n\n"),
            items: [retry(200), event("hello", id: "…")],
            lastEventID: "…", reconnectionTime: 200),
        SSEVector(
            name: "after reconnecting, events without id keep the last event ID",
            source: "WPT eventsource/format-field-id, format-field-id-2 (resources/last-event-id.py, reconnection)",
            input: utf8("data: …\n\n"),
            items: [event("…", id: "…")],
            lastEventID: "…", initialLastEventID: "…"),
        SSEVector(
            name: "last event ID persists across events",
            source: "WPT eventsource/format-field-id-3 (ID_PERSISTS)",
            input: utf8("id: 1\ndata: 1\n\ndata:2\n\n"),
            items: [event("1", id: "1"), event("2", id: "1")],
            lastEventID: "1"),
        SSEVector(
            name: "last event ID changes and persists",
            source: "WPT eventsource/format-field-id-3 (ID_CHANGES_AND_PERSISTS)",
            input: utf8("id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n"),
            items: [event("1", id: "1"), event("2", id: "2"), event("3", id: "2")],
            lastEventID: "2"),
        SSEVector(
            name: "an empty id resets the last event ID",
            source: "WPT eventsource/format-field-id-3 (ID_RESETS)",
            input: utf8("id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n"),
            items: [event("1", id: "1"), event("2"), event("3")]),
        SSEVector(
            name: "an id containing U+0000 is ignored",
            source: "WPT eventsource/format-field-id-null (last-event-id.py?idvalue=%00%00); HTML §9.2.6 id",
            input: utf8("id: \0\0\nretry: 200\ndata: hello\n\n"),
            items: [retry(200), event("hello")],
            reconnectionTime: 200),
        SSEVector(
            name: "field parsing: case-sensitive names, NUL, one space stripped, CR/CRLF, leading space in name",
            source: "WPT eventsource/format-field-parsing",
            input: wptMessage(
                "data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n",
                newlineNone: true),
            items: [event("\0\n 2\n1\n3\n\n4")]),
        SSEVector(
            name: "retry with a non-digit is ignored, the earlier value stays",
            source: "WPT eventsource/format-field-retry-bogus",
            input: wptMessage("retry:2000\nretry:1000x\ndata:x"),
            items: [retry(2000), event("x")],
            reconnectionTime: 2000),
        SSEVector(
            name: "retry without a value is ignored",
            source: "WPT eventsource/format-field-retry-empty",
            input: wptMessage("retry\ndata:test"),
            items: [event("test")]),
        SSEVector(
            name: "retry with a leading zero is decimal, not octal",
            source: "WPT eventsource/format-field-retry",
            input: wptMessage("retry:03000\ndata:x"),
            items: [retry(3000), event("x")],
            reconnectionTime: 3000),
        SSEVector(
            name: "unknown fields, a line without colon, a name with leading space and comments are ignored",
            source: "WPT eventsource/format-field-unknown",
            input: wptMessage("data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test"),
            items: [event("test\n\ntest")]),
        SSEVector(
            name: "only a space is stripped after the colon, not a tab; a lone CR ends a line",
            source: "WPT eventsource/format-leading-space",
            input: wptMessage("data:\ttest\rdata: \ndata:test"),
            items: [event("\ttest\n\ntest")]),
        SSEVector(
            name: "CRLF, LF and a CR followed by LF are each one line end",
            source: "WPT eventsource/format-newlines",
            input: wptMessage("data:test\r\ndata\ndata:test\r\n\r", newlineNone: true),
            items: [event("test\n\ntest")]),
        SSEVector(
            name: "U+0000 in data is kept",
            source: "WPT eventsource/format-null-character",
            input: wptMessage("data:\0\n\n"),
            items: [event("\0")]),
        SSEVector(
            name: "the stream is always UTF-8",
            source: "WPT eventsource/format-utf-8",
            input: wptMessage("data:ok…"),
            items: [event("ok…")]),
        SSEVector(
            name: "lines and data parsing: multi-line data, blank data, false fields, capitalised Data",
            source: "WPT eventsource/event-data (resources/message2.py, one round)",
            input: utf8("data:msg\ndata: msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n"),
            items: [event("msg\nmsg"), event(""), event("end")]),
    ]

    /// The examples in HTML §9.2.5 "Parsing an event stream" / §9.2.6 and one vector per rule of §9.2.6.
    static let spec: [SSEVector] = [
        SSEVector(
            name: "data lines are joined with LF",
            source: "HTML §9.2.6 example (YHOO)",
            input: utf8("data: YHOO\ndata: +2\ndata: 10\n\n"),
            items: [event("YHOO\n+2\n10")]),
        SSEVector(
            name: "comment, id, id without value resets, unterminated last event not dispatched",
            source: "HTML §9.2.6 example (test stream)",
            input: utf8(": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n"),
            items: [event("first event", id: "1"), event("second event")]),
        SSEVector(
            name: "empty data events, and a last unterminated line",
            source: "HTML §9.2.6 example (data / data data / data:)",
            input: utf8("data\n\ndata\ndata\n\ndata:"),
            items: [event(""), event("\n")]),
        SSEVector(
            name: "one space after the colon is optional",
            source: "HTML §9.2.6 example (data:test / data: test)",
            input: utf8("data:test\n\ndata: test\n\n"),
            items: [event("test"), event("test")]),
        // Line ends.
        SSEVector(name: "CR alone ends lines", source: "HTML §9.2.6 line ends",
                  input: utf8("data:a\rdata:b\r\r"), items: [event("a\nb")]),
        SSEVector(name: "CRLF ends lines", source: "HTML §9.2.6 line ends",
                  input: utf8("data:a\r\ndata:b\r\n\r\n"), items: [event("a\nb")]),
        SSEVector(name: "LF then CR are two line ends (the second a blank line)", source: "HTML §9.2.6 line ends",
                  input: utf8("data:a\n\rdata:b\n\n"), items: [event("a"), event("b")]),
        SSEVector(name: "CR CR LF is a line end then a CRLF blank line", source: "HTML §9.2.6 line ends",
                  input: utf8("data:a\r\r\ndata:b\n\n"), items: [event("a"), event("b")]),
        SSEVector(name: "LF CRLF is a line end then a blank line", source: "HTML §9.2.6 line ends",
                  input: utf8("data:a\n\r\ndata:b\r\n\n"), items: [event("a"), event("b")]),
        SSEVector(name: "a stream of blank lines dispatches nothing", source: "HTML §9.2.6 dispatch step 2",
                  input: utf8("\n\r\n\r\r\n\n"), items: []),
        SSEVector(name: "an empty stream produces nothing", source: "HTML §9.2.6", input: [], items: []),
        // BOM.
        SSEVector(name: "a stream that is only a BOM produces nothing", source: "Encoding Standard UTF-8 decode",
                  input: [0xEF, 0xBB, 0xBF], items: []),
        SSEVector(name: "BOM then data", source: "HTML §9.2.5 stream = [ bom ] *event",
                  input: [0xEF, 0xBB, 0xBF] + utf8("data:x\n\n"), items: [event("x")]),
        SSEVector(name: "a BOM in the middle of data is kept", source: "HTML §9.2.6 (BOM stripped at stream start only)",
                  input: utf8("data:a\u{FEFF}b\n\ndata:\u{FEFF}\n\n"), items: [event("a\u{FEFF}b"), event("\u{FEFF}")]),
        SSEVector(name: "a partial BOM is U+FFFD, so the field name is unknown",
                  source: "Encoding Standard UTF-8 decoder (EF BB then an ASCII byte: one U+FFFD)",
                  input: [0xEF, 0xBB] + utf8("data:x\n\ndata:y\n\n"), items: [event("y")]),
        SSEVector(name: "a partial BOM on a line of its own is an unknown field",
                  source: "Encoding Standard UTF-8 decoder",
                  input: [0xEF, 0x0A] + utf8("data:y\n\n"), items: [event("y")]),
        // Fields and colons.
        SSEVector(name: "the value runs to the end of the line, later colons included", source: "HTML §9.2.6 field",
                  input: utf8("data:a:b: c\n\n"), items: [event("a:b: c")]),
        SSEVector(name: "only one leading space is removed", source: "HTML §9.2.6 field",
                  input: utf8("data:  x\ndata: \ndata:\n\n"), items: [event(" x\n\n")]),
        SSEVector(name: "a space before the colon makes an unknown field name", source: "HTML §9.2.6 field",
                  input: utf8("data :x\n\n"), items: []),
        SSEVector(name: "a lone colon is a comment", source: "HTML §9.2.6 comment",
                  input: utf8(":\n: data:x\n\n"), items: []),
        SSEVector(name: "field names are case-sensitive", source: "HTML §9.2.6 field names",
                  input: utf8("DATA:a\nEvent:b\nID:c\nRetry:5\ndata:x\n\n"), items: [event("x")]),
        // event.
        SSEVector(name: "the event type is reset after dispatch", source: "HTML §9.2.6 dispatch step 7",
                  input: utf8("event:a\ndata:1\n\ndata:2\n\n"), items: [event("1", type: "a"), event("2")]),
        SSEVector(name: "the event type is reset when the data buffer is empty", source: "HTML §9.2.6 dispatch step 2",
                  input: utf8("event:a\n\ndata:2\n\n"), items: [event("2")]),
        SSEVector(name: "the last event field wins", source: "HTML §9.2.6 event",
                  input: utf8("event:a\nevent:b\ndata:x\n\n"), items: [event("x", type: "b")]),
        SSEVector(name: "event with no colon sets an empty type", source: "HTML §9.2.6 field without colon",
                  input: utf8("event:a\nevent\ndata:x\n\n"), items: [event("x")]),
        // id.
        SSEVector(name: "the last event ID is set at dispatch even when no event is dispatched",
                  source: "HTML §9.2.6 dispatch step 1",
                  input: utf8("id:1\n\ndata:x\n\n"), items: [event("x", id: "1")], lastEventID: "1"),
        SSEVector(name: "an id not followed by a blank line is not applied", source: "HTML §9.2.6 dispatch step 1",
                  input: utf8("data:a\n\nid:5\n"), items: [event("a")]),
        SSEVector(name: "an id with NUL keeps the previous ID", source: "HTML §9.2.6 id",
                  input: utf8("id:1\ndata:a\n\nid:2\0x\ndata:b\n\n"),
                  items: [event("a", id: "1"), event("b", id: "1")], lastEventID: "1"),
        SSEVector(name: "the id keeps a second leading space", source: "HTML §9.2.6 field",
                  input: utf8("id:  x\ndata:a\n\n"), items: [event("a", id: " x")], lastEventID: " x"),
        SSEVector(name: "the latest id before the blank line wins", source: "HTML §9.2.6 id",
                  input: utf8("id:1\nid:2\ndata:a\n\n"), items: [event("a", id: "2")], lastEventID: "2"),
        // retry.
        SSEVector(name: "retry is reported where it is parsed, before the event it is in",
                  source: "HTML §9.2.6 retry",
                  input: utf8("data:a\nretry:7\n\n"), items: [retry(7), event("a")], reconnectionTime: 7),
        SSEVector(name: "retry with a leading space after the colon is valid", source: "HTML §9.2.6 field + retry",
                  input: utf8("retry: 5\n"), items: [retry(5)], reconnectionTime: 5),
        SSEVector(name: "retry zero is valid", source: "HTML §9.2.6 retry",
                  input: utf8("retry:0\n"), items: [retry(0)], reconnectionTime: 0),
        SSEVector(name: "retry with a plus sign, minus sign, two spaces, trailing space, decimal point, exponent, "
                      + "non-ASCII digit or empty value is ignored",
                  source: "HTML §9.2.6 retry (ASCII digits only)",
                  input: utf8("retry:+5\nretry:-5\nretry:  5\nretry:5 \nretry:1.5\nretry:1e3\nretry:\u{0665}\nretry:\n"),
                  items: []),
        SSEVector(name: "an ignored retry leaves the earlier value", source: "HTML §9.2.6 retry",
                  input: utf8("retry:10\nretry:x\n"), items: [retry(10)], reconnectionTime: 10),
        SSEVector(name: "retry past Int.max saturates (spec sets no bound; our documented choice)",
                  source: "HTML §9.2.6 retry; saturation is this library's choice",
                  input: utf8("retry:99999999999999999999999\n"), items: [retry(Int.max)], reconnectionTime: Int.max),
        SSEVector(name: "a retry line without line end at EOF is not processed", source: "HTML §9.2.6 end of file",
                  input: utf8("retry:10"), items: []),
        // End of stream.
        SSEVector(name: "an event ended by one line end only is discarded at EOF", source: "HTML §9.2.6 end of file",
                  input: utf8("data:x\n"), items: []),
        SSEVector(name: "an event ended by CR only is discarded at EOF", source: "HTML §9.2.6 end of file",
                  input: utf8("data:x\r"), items: []),
        // UTF-8 decoding with replacement.
        SSEVector(name: "an invalid byte is U+FFFD", source: "Encoding Standard UTF-8 decoder",
                  input: utf8("data:") + [0xFF] + utf8("\n\n"), items: [event("\u{FFFD}")]),
        SSEVector(name: "an overlong lead and a lone continuation are one U+FFFD each",
                  source: "Encoding Standard UTF-8 decoder",
                  input: utf8("data:") + [0xC0, 0x80] + utf8("\n\n"), items: [event("\u{FFFD}\u{FFFD}")]),
        SSEVector(name: "a sequence cut by a line end is one U+FFFD", source: "Encoding Standard UTF-8 decoder",
                  input: utf8("data:") + [0xE2, 0x82] + utf8("\ndata:") + [0xAC] + utf8("\n\n"),
                  items: [event("\u{FFFD}\n\u{FFFD}")]),
        SSEVector(name: "a surrogate encoding is three U+FFFD", source: "Encoding Standard UTF-8 decoder",
                  input: utf8("data:") + [0xED, 0xA0, 0x80] + utf8("\n\n"), items: [event("\u{FFFD}\u{FFFD}\u{FFFD}")]),
        SSEVector(name: "a code point above U+10FFFF is four U+FFFD", source: "Encoding Standard UTF-8 decoder",
                  input: utf8("data:") + [0xF4, 0x90, 0x80, 0x80] + utf8("\n\n"),
                  items: [event("\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")]),
        SSEVector(name: "maximal subparts are replaced as in Unicode Table 3-8",
                  source: "Unicode §3.9 Table 3-8 (U+FFFD for maximal subparts, as the Encoding Standard)",
                  input: utf8("data:") + [0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64]
                      + utf8("\n\n"),
                  items: [event("a\u{FFFD}\u{FFFD}\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}d")]),
        SSEVector(name: "a truncated four-byte sequence before the line end is one U+FFFD",
                  source: "Encoding Standard UTF-8 decoder",
                  input: utf8("data:") + [0xF0, 0x9F, 0x98] + utf8("\n\n"), items: [event("\u{FFFD}")]),
        SSEVector(name: "invalid bytes in event type and id become U+FFFD", source: "Encoding Standard UTF-8 decoder",
                  input: utf8("event:") + [0xFF] + utf8("\nid:") + [0xFE] + utf8("\ndata:x\n\n"),
                  items: [event("x", type: "\u{FFFD}", id: "\u{FFFD}")], lastEventID: "\u{FFFD}"),
        SSEVector(name: "valid multi-byte text passes through", source: "Encoding Standard UTF-8 decoder",
                  input: utf8("event:é\ndata:€😀\n\n"), items: [event("€😀", type: "é")]),
    ]

    /// Limits (this library's rule, documented on `SSELimits` and `SSEDecodingError`): a line longer than
    /// `maxLineLength` fails at line start + limit; data that would exceed `maxEventDataSize` fails at the start
    /// of the `data` line that crosses it; everything before is still handed out.
    static let limitVectors: [SSEVector] = [
        SSEVector(name: "a line of exactly the limit is accepted", source: "SSELimits.maxLineLength",
                  input: utf8("data:abc\n\n"), items: [event("abc")], limits: limits(line: 8)),
        SSEVector(name: "a line one byte over the limit fails at line start + limit", source: "SSELimits.maxLineLength",
                  input: utf8("data:a\n\ndata:abcd\n\n"), items: [event("a")],
                  error: SSEDecodingError(.lineTooLong(limit: 8), offset: 16), limits: limits(line: 8)),
        SSEVector(name: "an endless line fails without its line end", source: "SSELimits.maxLineLength",
                  input: utf8(String(repeating: "x", count: 40)), items: [],
                  error: SSEDecodingError(.lineTooLong(limit: 8), offset: 8), limits: limits(line: 8)),
        SSEVector(name: "comment lines count too", source: "SSELimits.maxLineLength",
                  input: utf8(":123456789\n"), items: [],
                  error: SSEDecodingError(.lineTooLong(limit: 8), offset: 8), limits: limits(line: 8)),
        SSEVector(name: "the BOM is not part of the first line", source: "SSELimits.maxLineLength",
                  input: [0xEF, 0xBB, 0xBF] + utf8("data:abc\n\n"), items: [event("abc")], limits: limits(line: 8)),
        SSEVector(name: "a partial BOM at EOF is an unterminated line", source: "SSELimits.maxLineLength",
                  input: [0xEF, 0xBB], items: [],
                  error: SSEDecodingError(.lineTooLong(limit: 1), offset: 1), limits: limits(line: 1)),
        SSEVector(name: "data of exactly the limit (joined with LF) is accepted", source: "SSELimits.maxEventDataSize",
                  input: utf8("data:abc\ndata:d\n\n"), items: [event("abc\nd")], limits: limits(data: 5)),
        SSEVector(name: "data over the limit fails at the start of the data line that crosses it",
                  source: "SSELimits.maxEventDataSize",
                  input: utf8("retry:1\ndata:abc\ndata:de\n\n"), items: [retry(1)], reconnectionTime: 1,
                  error: SSEDecodingError(.eventDataTooLarge(limit: 5), offset: 17), limits: limits(data: 5)),
        SSEVector(name: "the data size starts again after each dispatch", source: "SSELimits.maxEventDataSize",
                  input: utf8("data:abcde\n\ndata:abcde\n\n"), items: [event("abcde"), event("abcde")],
                  limits: limits(data: 5)),
    ]

    static let all = wpt + spec + limitVectors
}
