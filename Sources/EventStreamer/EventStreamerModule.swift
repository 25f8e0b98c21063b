/// Event Streamer NDJSON messages (event_batch, heartbeat, error), sans-I/O.
///
/// The reference is the `event-streamer-sdk` 0.5.0 client: it reads the HTTP body line by line, `json.loads` each
/// line, dispatches on `type` and validates with the pydantic models of `event_schemas/streaming.py`
/// (`StreamingEventBatch`, `StreamingHeartbeat`, `StreamingError`) in pydantic's lax mode. This module decodes the
/// same lines to the same values (`StreamingMessageDecoder`), frames a body (`EventStreamDecoder`), and encodes
/// messages for mock servers (`StreamingMessageEncoder`).
public enum EventStreamerModule {
    /// The `type` values the SDK dispatches on.
    public static let messageTypes = ["event_batch", "heartbeat", "error"]
}
