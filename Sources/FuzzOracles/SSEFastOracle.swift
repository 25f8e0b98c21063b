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
        var limits = SSELimits()
        if control & 1 == 1 {
            limits.maxLineLength = Int(control >> 4) &* 4 &+ 1
            limits.maxEventDataSize = Int((control >> 1) & 7) &* 8
        }
        var decoder = SSEDecoder(limits: limits)
        var violation: FuzzViolation?
        func take(_ item: SSEItem<SSEEventView>) {
            guard violation == nil, case let .event(view) = item else { return }
            do throws(FuzzViolation) {
                try FastOracleChecks.utf8(view.type, "event type")
                try FastOracleChecks.utf8(view.data, "event data")
                try FastOracleChecks.utf8(view.lastEventID, "last event ID")
                guard view.data.count <= limits.maxEventDataSize else { throw FuzzViolation("event data over the limit") }
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
}
