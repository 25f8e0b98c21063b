import Codecs
import EventStreamer

/// The fast Event Streamer target (`FuzzEventStreamFast`): the NDJSON stream decoder's push API over the whole
/// input in one pass; only the invariants of any path are checked (kebab-case codes, offsets inside the input,
/// physical line numbers that never go back). `EventStreamOracle` is the differential one. Byte 0 picks the
/// limits as there (even: defaults; odd: small).
public enum EventStreamFastOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let selector = input.first ?? 0
        let (lineLimits, jsonLimits) = EventStreamOracle.limits(selector)
        var decoder = EventStreamDecoder(lineLimits: lineLimits, jsonLimits: jsonLimits)
        var violation: FuzzViolation?
        var lastLine = 0
        func take(_ item: EventStreamDecoder.Item) {
            guard violation == nil else { return }
            do throws(FuzzViolation) {
                switch item {
                case let .rejected(error, line):
                    try FastOracleChecks.code(error.code)
                    try FastOracleChecks.offset(error.offset, count: input.count)
                    guard line > lastLine else { throw FuzzViolation("line \(line) after line \(lastLine)") }
                    lastLine = line
                case let .message(_, line):
                    guard line > lastLine else { throw FuzzViolation("line \(line) after line \(lastLine)") }
                    lastLine = line
                }
            } catch {
                violation = error
            }
        }
        decoder.feed(input, onItem: take)
        decoder.finish(onItem: take)
        if let violation { throw violation }
    }
}
