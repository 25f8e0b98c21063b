/// Event Streamer NDJSON messages (event_batch, heartbeat, error), sans-I/O.
///
/// Namespace for module-level constants; the codec's types live in their own files.
public enum EventStreamerModule {}
