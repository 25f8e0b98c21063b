extension HarnessCodec {
    /// `harness decode central`: not built yet.
    public static let central = HarnessCodec.unsupported("central")
}
