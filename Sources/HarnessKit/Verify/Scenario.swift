/// One `harness verify` scenario (issue 18, docs/VERIFY.md): a service, the mock's fault script, the client's
/// `harness connect` options and what must be observed. Read from `Scenarios/<service>/<name>.json`.
public struct Scenario: Sendable, Equatable {
    /// `<service>/<file name without .json>`, or the path given for a file outside the catalogue.
    public var name: String
    public var service: String
    public var description: String
    public var mock: MockSettings
    /// `harness connect` options after the URL, placeholders (`{url}`, `{origin}`, `{token}`, `{ca}`) unreplaced.
    public var connect: [String]
    /// Seconds before the client is stopped (in-process) or killed (external).
    public var timeLimit: Double
    public var expect: Expectations
    /// Client name → why that client is known to fail this scenario (its verdict is `expected-failure`).
    public var expectedFailures: [String: String]

    /// What the mock serves (the `harness serve` options of the same names).
    public struct MockSettings: Sendable, Equatable {
        public var faults: [String] = []
        public var tokens: [String] = []
        public var user: String?
        public var password: String?
        public var tls = false
        public var rate: Double = 20
        public var count: Int?
        public var heartbeat: Double?
        public var retry: Int?
        public var quiet: Double = 0.3
    }

    /// The expectations; nil members are not checked.
    public struct Expectations: Sendable, Equatable {
        public var events: EventExpectation?
        public var statuses: [String]?
        public var statusMatch: StatusMatch = .exact
        public var delays: DelayExpectation?
        public var credentials: [String]?
        /// Per stream attempt, the resume point the mock saw; nil entries for none.
        public var resume: [String?]?
        public var attempts: Int?
        public var final: String?
    }

    /// How the delivered events must relate to what the mock sent whole.
    public struct EventExpectation: Sendable, Equatable {
        public enum Delivery: String, Sendable {
            /// Every event once, in order, no gap: the protocol resumes (SSE id, Event Streamer resume token).
            case exactlyOnce = "exactly-once"
            /// Each event at least once, first deliveries in order: the protocol cannot resume.
            case atLeastOnce = "at-least-once"
        }

        public var delivery: Delivery
        public var count: Int?
        public var min: Int?
    }

    public enum StatusMatch: String, Sendable {
        case exact
        /// The expected lines appear in order, others may come between them.
        case subsequence
    }

    /// Reconnect delays: per reconnect, a value or a range in seconds, each widened by `tolerance`.
    public struct DelayExpectation: Sendable, Equatable {
        public var values: [ClosedRange<Double>]
        public var tolerance: Double = 0.25
    }
}

/// The services a scenario can name (the `harness connect` / `harness serve` services).
public enum ScenarioService {
    public static let all = ["central", "eisy", "stream", "eventstreamer", "sse"]
}
