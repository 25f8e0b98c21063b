/// Oracles by fuzz target name (the folder under `Fuzz/Sources/` and `Fuzz/FailCases/`). Add one line per target.
public enum FuzzOracleRegistry {
    public typealias Oracle = @Sendable (UnsafeRawBufferPointer) throws(FuzzViolation) -> Void

    public static let oracles: [String: Oracle] = [
        "FuzzUTF8": { bytes throws(FuzzViolation) in try UTF8Oracle.check(bytes) },
        "FuzzCentralDecode": { bytes throws(FuzzViolation) in try CentralDecodeOracle.check(bytes) },
        "FuzzCentralRoundTrip": { bytes throws(FuzzViolation) in try CentralRoundTripOracle.check(bytes) },
        "FuzzSSE": { bytes throws(FuzzViolation) in try SSEOracle.check(bytes) },
        "FuzzISYEvent": { bytes throws(FuzzViolation) in try ISYEventOracle.check(bytes) },
        "FuzzXMLWellFormed": { bytes throws(FuzzViolation) in try XMLWellFormednessOracle.check(bytes) },
        "FuzzJSON": { bytes throws(FuzzViolation) in try JSONReaderOracle.check(bytes) },
        "FuzzEventStream": { bytes throws(FuzzViolation) in try EventStreamOracle.check(bytes) },
        "FuzzWSFrameClient": { bytes throws(FuzzViolation) in try WSFrameOracle.check(bytes, role: .client, deflate: false) },
        "FuzzWSFrameServer": { bytes throws(FuzzViolation) in try WSFrameOracle.check(bytes, role: .server, deflate: false) },
        "FuzzWSFrameDeflateClient": { bytes throws(FuzzViolation) in
            try WSFrameOracle.check(bytes, role: .client, deflate: true)
        },
        "FuzzWSFrameDeflateServer": { bytes throws(FuzzViolation) in
            try WSFrameOracle.check(bytes, role: .server, deflate: true)
        },
        "FuzzWSFrameFast": { bytes throws(FuzzViolation) in try WSFrameFastOracle.check(bytes) },
        "FuzzEventStreamFast": { bytes throws(FuzzViolation) in try EventStreamFastOracle.check(bytes) },
        "FuzzSSEFast": { bytes throws(FuzzViolation) in try SSEFastOracle.check(bytes) },
        "FuzzWSHandshake": { bytes throws(FuzzViolation) in try WSHandshakeOracle.check(bytes) },
        "FuzzHTTPStatus": { bytes throws(FuzzViolation) in try HTTPStatusOracle.check(bytes) },
        "FuzzStreamControl": { bytes throws(FuzzViolation) in try StreamCoordinatorOracle.check(bytes) },
        "FuzzEventStreamerControl": { bytes throws(FuzzViolation) in try EventStreamerControlOracle.check(bytes) },
    ]
}
