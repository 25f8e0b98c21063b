import Sessions

/// Which Central stream a request path names: the topic of pycentral's route table (`CentralTopic.all`,
/// service-profiles §1.1, the one the client session builds its URLs from) whose route ends the path.
enum CentralRoute {
    /// The topic whose route ends `path` (any prefix before it; a trailing `/` tolerated), or nil. The route
    /// starts with `/`, so it always begins a path segment: `/prefix/network-services/…` matches,
    /// `/xnetwork-services/…` does not.
    static func topic(for path: String) -> CentralTopic? {
        var trimmed = Substring(path)
        if trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return CentralTopic.all.first { trimmed.hasSuffix($0.path) }
    }
}
