import EventStreamer
import HTTPStreaming
import Reconnect
import Sessions

/// The shared `EventStreamerSession` behind the `HTTPBodyDecoder` seam. The session lives across connections
/// (acks, heartbeat sequence), so it is held in a lock the timers share; each buffer's outputs are collected
/// under the lock and handed out after it. An `error` line that ends the connection becomes an `end` item,
/// which the client turns into the attempt's outcome after the outputs before it were delivered.
struct EventStreamerBodyDecoder: HTTPBodyDecoder {
    enum Item: Sendable {
        case output(EventStreamerSessionOutput)
        /// Bytes arrived (feeds liveness).
        case traffic
        /// The session ended the connection with this outcome (an `error` line, recommended profile).
        case end(ConnectionOutcome)
    }

    let session: SharedValue<EventStreamerSession>
    /// Set once an `end` item was produced: later bytes are not decoded.
    var ended = false

    mutating func decode(_ bytes: UnsafeRawBufferPointer, onItem: (Item) -> Void) throws(EventStreamerError) {
        guard !ended else { return }
        let (outputs, outcome) = session.withLock { session -> ([EventStreamerSessionOutput], ConnectionOutcome?) in
            var outputs: [EventStreamerSessionOutput] = []
            let outcome = session.receive(bytes) { outputs.append($0) }
            return (outputs, outcome)
        }
        for output in outputs { onItem(.output(output)) }
        onItem(.traffic)
        if let outcome {
            ended = true
            onItem(.end(outcome))
        }
    }

    /// A last line without LF is decoded too (the SDK does); a clean end reconnects.
    mutating func finish(onItem: (Item) -> Void) throws(EventStreamerError) -> HTTPStreamEnd {
        guard !ended else { return .complete }
        let (outputs, outcome) = session.withLock { session -> ([EventStreamerSessionOutput], ConnectionOutcome) in
            var outputs: [EventStreamerSessionOutput] = []
            let outcome = session.finish { outputs.append($0) }
            return (outputs, outcome)
        }
        for output in outputs { onItem(.output(output)) }
        if outcome != .endOfStream { onItem(.end(outcome)) }
        return .complete
    }
}

/// An outcome decided by the client (an `error` line, a lost connection found by a heartbeat), thrown out of
/// the stream layer so the attempt ends with it.
struct AttemptOutcome: ConnectionOutcomeConvertible {
    let connectionOutcome: ConnectionOutcome
}
