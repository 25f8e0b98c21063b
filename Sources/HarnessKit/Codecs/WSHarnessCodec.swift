extension HarnessCodec {
    /// `harness decode ws`: not built yet.
    public static let ws = HarnessCodec.unsupported("ws")
}
