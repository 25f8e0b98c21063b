extension HarnessCodec {
    /// `harness decode eventstreamer`: not built yet.
    public static let eventstreamer = HarnessCodec.unsupported("eventstreamer")
}
