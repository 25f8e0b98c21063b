extension HarnessCodec {
    /// `harness decode sse`: not built yet.
    public static let sse = HarnessCodec.unsupported("sse")
}
