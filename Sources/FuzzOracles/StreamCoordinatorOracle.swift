import Codecs
import Reconnect
import Sessions

/// The Stream coordinator's control-message handling on arbitrary messages (`FuzzStreamControl`): the input is
/// split at LF into text messages fed to a `StreamCoordinatorConnection`, with a timer tick between them
/// (service-profiles §5). Holds: the first reply decides the attempt (`connection.ok` accepts, `connection.error`
/// code 40 is a recoverable `token-expired`, anything else fails it); after acceptance garbage is skipped and never
/// fails the connection; every message we send (auth, `health.check`) is valid JSON, and the health check names
/// the accepted `connection_id`.
public enum StreamCoordinatorOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let configuration = StreamCoordinatorConfiguration(baseURL: "wss://chat.stream-io-api.com", apiKey: "key", userID: "u")
        let session: StreamCoordinatorSession
        do throws(SessionConfigurationError) { session = try StreamCoordinatorSession(configuration: configuration) } catch {
            throw FuzzViolation("configuration refused: \(error)")
        }
        var connection = session.connection(credentials: Secret("token-value"))
        var now = MonotonicInstant.zero
        try sent(connection.opened(now: now), connectionID: nil)
        var accepted = false
        let messages = input.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (index, message) in messages.enumerated() {
            let receipt = connection.receive(.text, Array(message), now: now)
            let fails = receipt.actions.contains { if case .fail = $0 { true } else { false } }
            if accepted {
                guard !fails, !receipt.actions.contains(.accept) else {
                    throw FuzzViolation("message \(index) after acceptance gives \(receipt.actions)")
                }
            } else {
                try checkFirstReply(Array(message), receipt.actions)
                if !receipt.actions.contains(.accept) { return }
                accepted = true
            }
            let step = message.first.map { Int64($0) } ?? 0
            now = now + .seconds(step)
            try sent(connection.tick(now: now), connectionID: connection.connectionID)
        }
    }

    /// What the first reply must do, decided from the JSON itself.
    static func checkFirstReply(_ message: [UInt8], _ actions: [SessionAction]) throws(FuzzViolation) {
        let value = try? JSONValue.parse(message)
        var type: String?
        if case let .string(text)? = value?["type"] { type = text }
        if value?.objectMembers != nil, type == "connection.ok" {
            guard actions == [.accept] else { throw FuzzViolation("connection.ok gives \(actions)") }
            return
        }
        guard actions.count == 1, case let .fail(outcome, _) = actions[0] else {
            throw FuzzViolation("first reply \(type ?? "-") gives \(actions)")
        }
        if value?.objectMembers != nil, type == "connection.error", case let .number(code)? = value?["error"]?["code"],
           Double(code.text) == 40 {
            guard outcome == .serviceError("token-expired", recoverable: true) else {
                throw FuzzViolation("code 40 gives \(outcome)")
            }
        } else if case .serviceError(_, true) = outcome {
            throw FuzzViolation("recoverable failure \(outcome) for a first reply that is not code 40")
        }
    }

    /// Every text we send parses as JSON; a health check carries the connection ID.
    static func sent(_ actions: [SessionAction], connectionID: String?) throws(FuzzViolation) {
        for case let .send(.text(bytes)) in actions {
            guard let value = try? JSONValue.parse(bytes) else { throw FuzzViolation("we sent invalid JSON") }
            guard case let .array(items) = value else { continue }
            guard case let .string(id)? = items.first?["client_id"], id == connectionID else {
                throw FuzzViolation("health check without the connection ID")
            }
        }
    }
}
