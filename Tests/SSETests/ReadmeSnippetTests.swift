import SSE
import Testing

// The README's "read an SSE stream" snippet, verbatim (ReadmeSnippetsMatchTests holds the two equal).
func events(in chunks: [[UInt8]]) throws(SSEDecodingError) -> [SSEEvent] {
    var decoder = SSEDecoder()                               // SSEDecoder(lastEventID:) resumes a stream
    var events: [SSEEvent] = []
    for chunk in chunks {
        chunk.withUnsafeBytes { decoder.feed($0) }
        while let item = try decoder.next() {
            if case .event(let event) = item { events.append(event) }
        }
    }
    decoder.finish()
    while let item = try decoder.next() {
        if case .event(let event) = item { events.append(event) }
    }
    return events
}

@Suite struct ReadmeSnippetTests {
    /// The stock-ticker example of WHATWG HTML §9.2.5 ("data: YHOO / +2 / 10"): one message event whose data is
    /// the three lines joined by LF, however the body is cut.
    @Test func readmeSSESnippetGivesTheSpecExampleInAnyChunking() throws {
        let body = Array("data: YHOO\ndata: +2\ndata: 10\n\n".utf8)
        let expected = [SSEEvent(type: "message", data: "YHOO\n+2\n10", lastEventID: "")]
        #expect(try events(in: [body]) == expected)
        #expect(try events(in: body.map { [$0] }) == expected)
        #expect(try events(in: [Array(body[..<7]), Array(body[7...])]) == expected)
    }
}
