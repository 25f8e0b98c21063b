extension HarnessCodec {
    /// `harness decode isy`: not built yet.
    public static let isy = HarnessCodec.unsupported("isy")
}
