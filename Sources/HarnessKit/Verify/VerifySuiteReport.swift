extension SuiteReport {
    /// `harness verify`'s report (docs/VERIFY.md): one entry per verdict, in run order.
    public init(verdicts: [VerifyRunner.Verdict], client: String, shard: Shard? = nil) {
        self.init(suite: .verify, client: client, shard: shard, entries: verdicts.map {
            Entry(name: $0.name, service: $0.service, verdict: $0.kind.rawValue, details: $0.details, seconds: $0.seconds)
        })
    }
}
