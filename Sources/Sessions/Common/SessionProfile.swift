/// Which behaviour a client follows (issue 16): `compatible` reproduces the seed client's observable behaviour
/// (for users migrating from it, defects included where they are observable), `recommended` applies the fixes
/// the issue lists. Each service's configuration documents both side by side.
public enum SessionProfile: String, Hashable, Sendable, CaseIterable {
    /// The seed client's behaviour (pycentral 2.0a25, pyisyox 6.0.1, getstream PR #236 `StreamWS`).
    case compatible
    /// The fixed behaviour; the default.
    case recommended
}
