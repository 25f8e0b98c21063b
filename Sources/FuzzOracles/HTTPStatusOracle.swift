import Codecs
import Reconnect
import Sessions
import WSFrame

/// The HTTP streaming layer's response-head handling on arbitrary heads (`FuzzHTTPStatus`): the input is parsed
/// as a response head (`HTTPHeadReader.parseResponse`); a parsed head goes through the shared status rule
/// (`HTTPStatusOutcome`), `Retry-After` parsing (`RetryAfter`), the `Content-Type` check (`MediaType`) and the
/// Event Streamer session's `open`. The oracle holds them to RFC 9110: a head streams exactly when it is 2xx but
/// 204/205 (§15.3.5–6); `Retry-After` digits give that many seconds (§10.2.3) and an HTTP-date is a real date
/// that re-parses from its IMF-fixdate form (§5.6.7); delays are never negative; the session opens only for a
/// streaming status and an accepted media type.
public enum HTTPStatusOracle {
    /// Wall clock for HTTP-dates: 2026-12-02T00:00:00Z.
    static let wallClock: Int64 = 1_796_169_600

    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        var bytes = Array(input)
        if !bytes.suffix(4).elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]) { bytes += [0x0D, 0x0A, 0x0D, 0x0A] }
        let parsed: HTTPResponseHead
        do throws(WebSocketHandshakeError) { parsed = try HTTPHeadReader.parseResponse(bytes) } catch {
            try FastOracleChecks.code(error.code)
            return
        }
        let head = HTTPSessionResponseHead(
            status: parsed.status, headers: parsed.headers.map { HTTPSessionHeader($0.name, $0.value) })
        let streams = (200...299).contains(head.status) && head.status != 204 && head.status != 205
        let outcome = HTTPStatusOutcome.outcome(for: head, wallClock: wallClock)
        switch outcome {
        case nil:
            guard streams else { throw FuzzViolation("status \(head.status) streams") }
        case let .httpStatus(status, delay)?:
            guard !streams, status == head.status else { throw FuzzViolation("status \(head.status) gives \(status)") }
            if let delay, delay < .zero { throw FuzzViolation("negative Retry-After delay") }
            if let value = head.header("Retry-After") { try checkRetryAfter(value, delay: delay) }
        case let other?:
            throw FuzzViolation("status \(head.status) gives \(other)")
        }
        let accepted = ["application/x-ndjson", "application/jsonl", "application/json"]
        let contentType = head.header("Content-Type")
        let mediaOK = MediaType.contentType(contentType, isIn: accepted)
        if mediaOK, let contentType {
            let essence = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = String(essence).utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
            let lowered = String(decoding: trimmed.reversed(), as: UTF8.self).lowercased()
            guard accepted.contains(lowered) else { throw FuzzViolation("media type \(contentType) accepted") }
        }
        var session = EventStreamerSession(configuration: .recommended(baseURL: "https://example.com", subscriptionID: "7"))
        let opened = session.open(head, now: MonotonicInstant(nanoseconds: 0), wallClock: wallClock)
        guard (opened == nil) == (streams && mediaOK) else {
            throw FuzzViolation("session open for status \(head.status), media \(mediaOK): \(String(describing: opened))")
        }
    }

    /// RFC 9110 §10.2.3: `delay-seconds` is 1*DIGIT; an HTTP-date must be a valid date (re-parsed from the
    /// IMF-fixdate this oracle formats itself).
    static func checkRetryAfter(_ value: String, delay: Duration?) throws(FuzzViolation) {
        let trimmed = value.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        let digits = Array(trimmed)
        if !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
           let seconds = Int64(String(decoding: digits, as: UTF8.self)) {
            guard delay == .seconds(seconds) else { throw FuzzViolation("Retry-After \(seconds) gives \(String(describing: delay))") }
            return
        }
        guard let parsed = RetryAfter(value) else { return }
        guard case let .date(epoch) = parsed else {
            guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw FuzzViolation("'\(value)' read as seconds") }
            return
        }
        guard epoch >= -2_208_988_800 else { throw FuzzViolation("date before 1900: \(epoch)") }
        let formatted = imfFixdate(epoch)
        guard RetryAfter(formatted) == .date(secondsSinceEpoch: epoch) else {
            throw FuzzViolation("date \(epoch) formatted '\(formatted)' does not re-parse")
        }
        guard delay == .seconds(max(0, epoch &- wallClock)) else { throw FuzzViolation("date delay \(String(describing: delay))") }
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for seconds since the epoch (civil from days, proleptic Gregorian).
    static func imfFixdate(_ epoch: Int64) -> String {
        let days = epoch >= 0 ? epoch / 86400 : (epoch &- 86399) / 86400
        let secondOfDay = Int(epoch &- days &* 86400)
        let z = days &+ 719_468
        let era = (z >= 0 ? z : z &- 146_096) / 146_097
        let dayOfEra = z &- era &* 146_097
        let yearOfEra = (dayOfEra &- dayOfEra / 1460 &+ dayOfEra / 36524 &- dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra &- (365 &* yearOfEra &+ yearOfEra / 4 &- yearOfEra / 100)
        let mp = (5 &* dayOfYear &+ 2) / 153
        let day = dayOfYear &- (153 &* mp &+ 2) / 5 &+ 1
        let month = mp < 10 ? mp &+ 3 : mp &- 9
        let year = yearOfEra &+ era &* 400 &+ (month <= 2 ? 1 : 0)
        let weekday = Int(((days % 7) &+ 11) % 7)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(names[weekday]), \(two(Int(day))) \(months[Int(month) &- 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }
}
