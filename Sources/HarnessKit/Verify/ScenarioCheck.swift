import Foundation
import Codecs

/// Compares one client run and the mock's log with a scenario's expectations (docs/VERIFY.md "Verdicts"):
/// every difference, the first one first.
public enum ScenarioCheck {
    public static func differences(_ scenario: Scenario, run: ClientRun, log: [JSONValue]) -> [String] {
        var found = run.violations.map { "contract: " + $0 }
        let expect = scenario.expect
        if let events = expect.events {
            found += eventDifferences(events, delivered: run.events, sent: ExpectedEvents.from(log: log, service: scenario.service))
        }
        if let statuses = expect.statuses, let difference = statusDifference(statuses, run.trace, match: expect.statusMatch) {
            found.append(difference)
        }
        if let delays = expect.delays { found += delayDifferences(delays, run: run) }
        let attempts = streamAttempts(log)
        if let count = expect.attempts, attempts.count != count {
            found.append("attempts: the mock counted \(attempts.count), expected \(count)")
        }
        if let credentials = expect.credentials {
            let seen = attempts.map(credential)
            if seen != credentials { found.append("credentials: the mock saw \(seen), expected \(credentials)") }
        }
        if let resume = expect.resume {
            let seen = attempts.map(resumePoint)
            if seen != resume {
                found.append("resume points: the mock saw \(seen.map { $0 ?? "null" }), expected \(resume.map { $0 ?? "null" })")
            }
        }
        if let final = expect.final {
            if run.exit == nil {
                found.append("final: still running at the time limit, expected \(final)")
            } else if run.trace.last != final {
                found.append("final: last status \(run.trace.last ?? "none"), expected \(final)")
            } else if final.hasPrefix("failed("),
                      run.lines.last?.value["error"]?["code"] != .string(String(final.dropFirst(7).dropLast())) {
                found.append("final: no last error line with code \(final.dropFirst(7).dropLast())")
            }
        }
        return found
    }

    /// Exactly once: the content at consecutive positions, each once, in order (a position never sent whole was
    /// never asked for again: lost). At least once: the first deliveries are the sent events in order.
    static func eventDifferences(_ expectation: Scenario.EventExpectation, delivered: [JSONValue], sent: [ExpectedEvent]) -> [String] {
        var found: [String] = []
        if let count = expectation.count, delivered.count != count {
            found.append("events: \(delivered.count) delivered, expected \(count)")
        }
        if let min = expectation.min, delivered.count < min {
            found.append("events: \(delivered.count) delivered, expected at least \(min)")
        }
        let wanted: [JSONValue]
        let got = delivered
        switch expectation.delivery {
        case .exactlyOnce:
            var seen = Set<String>()
            var ordered: [(Int, JSONValue)] = []
            for event in sent {
                guard let position = event.position, let number = Int(position), seen.insert(position).inserted else { continue }
                ordered.append((number, event.value))
            }
            ordered.sort { $0.0 < $1.0 }
            for (previous, next) in zip(ordered, ordered.dropFirst()) where next.0 != previous.0 + 1 {
                found.append("events: position \(previous.0 + 1) was never sent whole (the client did not resume at it)")
                break
            }
            wanted = ordered.map(\.1)
        case .atLeastOnce:
            return found + atLeastOnceDifferences(unique(delivered), sent: sent)
        }
        for (index, event) in got.enumerated() {
            guard index < wanted.count else {
                found.append("events: event \(index + 1) was never sent by the mock (or is a repeat): \(excerpt(event))")
                break
            }
            if !JSONComparison.same(event, wanted[index]) {
                let repeated = wanted[..<index].contains { JSONComparison.same(event, $0) }
                found.append("events: event \(index + 1) \(repeated ? "repeats an earlier one" : "differs"): got \(excerpt(event)), expected \(excerpt(wanted[index]))")
                break
            }
        }
        return found
    }

    /// The first deliveries are the sent events in order; an event may be missing only when the rest of its
    /// connection is missing too (what was sent after a connection failed on the client's side never arrived).
    static func atLeastOnceDifferences(_ got: [JSONValue], sent: [ExpectedEvent]) -> [String] {
        var next = 0
        var abandoned = Set<Int>()
        for (index, event) in got.enumerated() {
            guard let match = sent[next...].firstIndex(where: { JSONComparison.same($0.value, event) && !abandoned.contains($0.conn) }) else {
                let known = sent.contains { JSONComparison.same($0.value, event) }
                return ["events: event \(index + 1) \(known ? "is out of order or lost its connection's earlier events" : "was never sent by the mock"): \(excerpt(event))"]
            }
            for skipped in sent[next..<match] where !got[..<index].contains(where: { JSONComparison.same($0, skipped.value) }) {
                abandoned.insert(skipped.conn)
            }
            next = match + 1
        }
        return []
    }

    static func unique(_ values: [JSONValue]) -> [JSONValue] {
        var result: [JSONValue] = []
        for value in values where !result.contains(where: { JSONComparison.same($0, value) }) { result.append(value) }
        return result
    }

    static func excerpt(_ value: JSONValue) -> String {
        var writer = JSONWriter(capacity: 128)
        writer.value(value)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }

    /// A bare `lost`/`stopped`/`failed` matches any reason.
    static func statusMatches(_ expected: String, _ seen: String) -> Bool {
        expected == seen || (!expected.contains("(") && seen.hasPrefix(expected + "("))
    }

    static func statusDifference(_ expected: [String], _ seen: [String], match: Scenario.StatusMatch) -> String? {
        switch match {
        case .exact:
            for index in 0..<max(expected.count, seen.count) {
                let want = index < expected.count ? expected[index] : nil
                let got = index < seen.count ? seen[index] : nil
                if let want, let got, statusMatches(want, got) { continue }
                return "statuses: line \(index + 1) is \(got ?? "missing"), expected \(want ?? "nothing more") (seen: \(seen.joined(separator: " ")))"
            }
            return nil
        case .subsequence:
            var rest = seen[...]
            for want in expected {
                guard let found = rest.firstIndex(where: { statusMatches(want, $0) }) else {
                    return "statuses: \(want) missing in order (seen: \(seen.joined(separator: " ")))"
                }
                rest = rest[(found + 1)...]
            }
            return nil
        }
    }

    /// Seconds from each `lost` line to the next `connecting` line (harness arrival times), and the `delay` each
    /// `reconnecting` line reported.
    static func delayDifferences(_ expectation: Scenario.DelayExpectation, run: ClientRun) -> [String] {
        var measured: [Double] = []
        var reported: [Double] = []
        var lostAt: Double?
        for line in run.statuses {
            switch line.value["status"]?.stringValue {
            case "lost": lostAt = line.t
            case "reconnecting": if let delay = line.value["delay"]?.doubleValue { reported.append(delay) }
            case "connecting":
                if let start = lostAt { measured.append(line.t - start) }
                lostAt = nil
            default: break
            }
        }
        var found: [String] = []
        if measured.count < expectation.values.count {
            found.append("delays: \(measured.count) reconnects, expected \(expectation.values.count)")
        }
        for (index, range) in expectation.values.enumerated() {
            let low = range.lowerBound - expectation.tolerance
            let high = range.upperBound + expectation.tolerance
            if index < measured.count, !(low...high).contains(measured[index]) {
                found.append("delays: reconnect \(index + 1) after \(String(format: "%.3f", measured[index])) s, expected \(range.lowerBound)…\(range.upperBound) s ± \(expectation.tolerance)")
            }
            if index < reported.count, !(low...high).contains(reported[index]) {
                found.append("delays: reconnect \(index + 1) reported delay \(reported[index]) s, expected \(range.lowerBound)…\(range.upperBound) s")
            }
        }
        return found
    }

    /// Per stream attempt (`connect` line), the first request/upgrade/reject line of that attempt.
    static func streamAttempts(_ log: [JSONValue]) -> [JSONValue?] {
        var first: [Int: JSONValue] = [:]
        var order: [Int] = []
        for line in log {
            guard let conn = line["conn"]?.intValue else { continue }
            switch line["event"]?.stringValue {
            case "connect":
                order.append(conn)
            case "request", "upgrade", "reject":
                if order.contains(conn), first[conn] == nil, line["method"] != .string("POST") { first[conn] = line }
            default: break
            }
        }
        return order.map { first[$0] }
    }

    /// `token:N`, or the `auth` outcome, or `none` (a fault answered before the credential was checked).
    static func credential(_ line: JSONValue?) -> String {
        if let index = line?["token"]?.intValue { return "token:\(index)" }
        return line?["auth"]?.stringValue ?? "none"
    }

    static func resumePoint(_ line: JSONValue?) -> String? {
        line?["last_event_id"]?.stringValue ?? line?["resume_token"]?.stringValue
            ?? line?["query"]?["resume_token"]?.stringValue ?? line?["query"]?["last_event_id"]?.stringValue
    }
}

/// JSON equality as the comparison needs it: object member order and number spelling (`10` / `10.0`) do not matter.
enum JSONComparison {
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { member in y.contains { $0.key == member.key && same($0.value, member.value) } }
        case let (.array(x), .array(y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (.number(x), .number(y)):
            return x.text == y.text || x.double == y.double
        default:
            return a == b
        }
    }
}
