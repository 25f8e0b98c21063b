import Codecs
import Foundation
import MockServers

/// Reads scenario files strictly (docs/VERIFY.md): unknown fields, wrong types and bad faults are refused with
/// a `ScenarioError`, so a typo never silently weakens a check.
public enum ScenarioParser {
    /// Reads and checks the scenario at `path`, named `name`.
    public static func load(path: String, name: String) throws(ScenarioError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError("scenario-unreadable", "\(name): cannot read \(path)")
        }
        return try parse(Array(data), name: name)
    }

    /// Checks one scenario document.
    public static func parse(_ bytes: [UInt8], name: String) throws(ScenarioError) -> Scenario {
        guard let document = try? JSONValue.parse(bytes) else {
            throw ScenarioError("scenario-not-json", "\(name): not one JSON document")
        }
        guard let top = document.objectMembers else {
            throw ScenarioError("scenario-not-object", "\(name): the document is not an object")
        }
        let reader = Fields(members: top, path: name)
        try reader.only(["service", "description", "mock", "connect", "timeLimit", "expect", "expectedFailures"])
        let service = try reader.string("service", required: true) ?? ""
        guard ScenarioService.all.contains(service) else {
            throw ScenarioError("scenario-unknown-service", "\(name): service '\(service.prefix(32))' is not one of \(ScenarioService.all.joined(separator: ", "))")
        }
        var scenario = Scenario(
            name: name, service: service, description: try reader.string("description") ?? "",
            mock: try mock(reader.object("mock"), path: name + ".mock"),
            connect: try reader.strings("connect") ?? [], timeLimit: try reader.number("timeLimit") ?? 10,
            expect: try expectations(reader.object("expect"), path: name + ".expect"), expectedFailures: [:])
        guard scenario.timeLimit > 0, scenario.timeLimit <= 600 else {
            throw ScenarioError("scenario-invalid-value", "\(name).timeLimit: must be in (0, 600] seconds")
        }
        if let failures = try reader.object("expectedFailures") {
            for member in failures.members {
                guard let reason = member.value.stringValue else {
                    throw ScenarioError("scenario-wrong-type", "\(name).expectedFailures.\(member.key): must be a string")
                }
                scenario.expectedFailures[member.key] = reason
            }
        }
        do {
            _ = try ConnectArguments.parse(scenario.connect)
        } catch {
            throw ScenarioError("scenario-bad-connect-args", "\(name).connect: \(ConnectArguments.message(for: error))")
        }
        return scenario
    }

    private static func mock(_ reader: Fields?, path: String) throws(ScenarioError) -> Scenario.MockSettings {
        var settings = Scenario.MockSettings()
        guard let reader else { return settings }
        try reader.only(["faults", "tokens", "user", "password", "tls", "rate", "count", "heartbeat", "retry", "quiet"])
        settings.faults = try reader.strings("faults") ?? []
        for fault in settings.faults {
            do throws(FaultSpecError) { _ = try FaultSpec.parse(fault) } catch {
                throw ScenarioError("scenario-bad-fault", "\(path).faults: \(error.message)")
            }
        }
        settings.tokens = try reader.strings("tokens") ?? []
        settings.user = try reader.string("user")
        settings.password = try reader.string("password")
        settings.tls = try reader.bool("tls") ?? false
        settings.rate = try reader.number("rate") ?? 20
        settings.count = try reader.int("count")
        settings.heartbeat = try reader.number("heartbeat")
        settings.retry = try reader.int("retry")
        settings.quiet = try reader.number("quiet") ?? 0.3
        if settings.rate < 0 || (settings.count ?? 0) < 0 || (settings.heartbeat.map { $0 <= 0 } ?? false)
            || (settings.retry ?? 0) < 0 || settings.quiet < 0 {
            throw ScenarioError("scenario-invalid-value", "\(path): rate, count, retry and quiet must be >= 0, heartbeat > 0")
        }
        return settings
    }

    private static func expectations(_ reader: Fields?, path: String) throws(ScenarioError) -> Scenario.Expectations {
        var expect = Scenario.Expectations()
        guard let reader else { return expect }
        try reader.only(["events", "statuses", "statusMatch", "delays", "credentials", "resume", "attempts", "final"])
        if let events = try reader.object("events") {
            try events.only(["delivery", "count", "min"])
            let text = try events.string("delivery", required: true) ?? ""
            guard let delivery = Scenario.EventExpectation.Delivery(rawValue: text) else {
                throw ScenarioError("scenario-invalid-value", "\(path).events.delivery: exactly-once or at-least-once")
            }
            expect.events = Scenario.EventExpectation(delivery: delivery, count: try events.int("count"), min: try events.int("min"))
        }
        expect.statuses = try reader.strings("statuses")
        if let match = try reader.string("statusMatch") {
            guard let value = Scenario.StatusMatch(rawValue: match) else {
                throw ScenarioError("scenario-invalid-value", "\(path).statusMatch: exact or subsequence")
            }
            expect.statusMatch = value
        }
        if let delays = try reader.object("delays") {
            try delays.only(["values", "tolerance"])
            guard let values = delays.members.first(where: { $0.key == "values" })?.value.arrayValue else {
                throw ScenarioError("scenario-missing-field", "\(path).delays.values: an array is required")
            }
            var ranges: [ClosedRange<Double>] = []
            for value in values {
                if let seconds = value.doubleValue, seconds >= 0 {
                    ranges.append(seconds...seconds)
                } else if let pair = value.arrayValue, pair.count == 2, let low = pair[0].doubleValue,
                          let high = pair[1].doubleValue, low >= 0, low <= high {
                    ranges.append(low...high)
                } else {
                    throw ScenarioError("scenario-wrong-type", "\(path).delays.values: seconds or [low, high]")
                }
            }
            expect.delays = Scenario.DelayExpectation(values: ranges, tolerance: try delays.number("tolerance") ?? 0.25)
        }
        expect.credentials = try reader.strings("credentials")
        if let resume = reader.members.first(where: { $0.key == "resume" })?.value {
            guard let items = resume.arrayValue else {
                throw ScenarioError("scenario-wrong-type", "\(path).resume: an array of strings or nulls")
            }
            var points: [String?] = []
            for item in items {
                if case .null = item { points.append(nil) } else if let text = item.stringValue { points.append(text) } else {
                    throw ScenarioError("scenario-wrong-type", "\(path).resume: an array of strings or nulls")
                }
            }
            expect.resume = points
        }
        expect.attempts = try reader.int("attempts")
        expect.final = try reader.string("final")
        return expect
    }
}

/// Typed access to an object's members with the parser's error codes.
private struct Fields {
    let members: [JSONMember]
    let path: String

    func only(_ allowed: Set<String>) throws(ScenarioError) {
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            throw ScenarioError("scenario-unknown-field", "\(path).\(unknown.key.prefix(64)): unknown field (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private func value(_ key: String, required: Bool) throws(ScenarioError) -> JSONValue? {
        guard let value = members.first(where: { $0.key == key })?.value else {
            if required { throw ScenarioError("scenario-missing-field", "\(path).\(key): required") }
            return nil
        }
        return value
    }

    private func wrong(_ key: String, _ type: String) -> ScenarioError {
        ScenarioError("scenario-wrong-type", "\(path).\(key): must be \(type)")
    }

    func string(_ key: String, required: Bool = false) throws(ScenarioError) -> String? {
        guard let value = try value(key, required: required) else { return nil }
        guard let text = value.stringValue else { throw wrong(key, "a string") }
        return text
    }

    func strings(_ key: String) throws(ScenarioError) -> [String]? {
        guard let value = try value(key, required: false) else { return nil }
        guard let items = value.arrayValue else { throw wrong(key, "an array of strings") }
        var texts: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw wrong(key, "an array of strings") }
            texts.append(text)
        }
        return texts
    }

    func number(_ key: String) throws(ScenarioError) -> Double? {
        guard let value = try value(key, required: false) else { return nil }
        guard let number = value.doubleValue, number.isFinite else { throw wrong(key, "a number") }
        return number
    }

    func int(_ key: String) throws(ScenarioError) -> Int? {
        guard let value = try value(key, required: false) else { return nil }
        guard let number = value.intValue else { throw wrong(key, "an integer") }
        return number
    }

    func bool(_ key: String) throws(ScenarioError) -> Bool? {
        guard let value = try value(key, required: false) else { return nil }
        guard let flag = value.boolValue else { throw wrong(key, "true or false") }
        return flag
    }

    func object(_ key: String) throws(ScenarioError) -> Fields? {
        guard let value = try value(key, required: false) else { return nil }
        guard let members = value.objectMembers else { throw wrong(key, "an object") }
        return Fields(members: members, path: path + "." + key)
    }
}
