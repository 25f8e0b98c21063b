import Codecs
import SSE

/// The fast SSE target (`FuzzSSEFast`): `SSEDecoder`'s push API over the whole body in one pass; only what must
/// hold on any path is checked (lent fields are valid UTF-8 and within the limits; a limit error has its code and
/// an offset inside the body). `SSEOracle` is the differential one against `SSEReference`. Byte 0 picks the
/// limits as there (even: defaults; odd: small).
public enum SSEFastOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        guard let control = input.first else { return }
        let body = UnsafeRawBufferPointer(rebasing: input[1...])
        let limits = SSEOracle.limits(control)
        var decoder = SSEDecoder(limits: limits)
        var violation: FuzzViolation?
        func take(_ item: SSEItem<SSEEventView>) {
            guard violation == nil, case let .event(view) = item else { return }
            do throws(FuzzViolation) {
                try FastOracleChecks.utf8(view.type, "event type")
                try FastOracleChecks.utf8(view.data, "event data")
                try FastOracleChecks.utf8(view.lastEventID, "last event ID")
                guard wireBytesAtLeast(view.data) <= limits.maxEventDataSize else {
                    throw FuzzViolation("event data over the limit")
                }
                guard !view.lastEventID.contains(0) else { throw FuzzViolation("last event ID holds NUL") }
            } catch {
                violation = error
            }
        }
        do throws(SSEDecodingError) {
            try decoder.feed(body, onItem: take)
            try decoder.finish(onItem: take)
        } catch {
            try FastOracleChecks.code(error.code)
            try FastOracleChecks.offset(error.offset, count: body.count)
        }
        if let violation { throw violation }
    }

    /// A lower bound on the wire bytes behind delivered data: the limit counts bytes as received, and a repaired
    /// byte arrives as one byte but is lent as U+FFFD (three), so each EF BF BD counts as one.
    static func wireBytesAtLeast(_ data: UnsafeRawBufferPointer) -> Int {
        var replacements = 0
        var index = 0
        while index &+ 2 < data.count {
            if data[index] == 0xEF, data[index &+ 1] == 0xBF, data[index &+ 2] == 0xBD {
                replacements &+= 1
                index &+= 3
            } else {
                index &+= 1
            }
        }
        return data.count &- 2 &* replacements
    }
}
