/// Server-sent events (WHATWG HTML event stream interpretation), sans-I/O.
///
/// Namespace for module-level constants; the codec's types live in their own files.
public enum SSEModule {}
