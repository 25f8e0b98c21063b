/// Server-sent events (WHATWG HTML §9.2 "Server-sent events"), sans-I/O: `SSEDecoder` implements "event stream
/// interpretation" exactly, `SSEEncoder` writes canonical frames for mock servers and tests.
///
/// Namespace for module-level constants; the codec's types live in their own files.
public enum SSEModule {
    /// The event type a dispatched event has when the stream set none (HTML §9.2.6, dispatch step 5).
    public static let defaultEventType = "message"
}
