/// MockServers: in-process mock servers for the five services (Central, eisy, Stream coordinator, Event
/// Streamer, SSE) on SwiftNIO, whose wire bytes come from our encoders, with fault injection as data
/// (`FaultSpec`), a per-connection script runner and an NDJSON server log. Guide: `Docs/mock-servers.md`;
/// fault grammar: `Docs/fault-grammar.md`.
public enum MockServersModule {}
