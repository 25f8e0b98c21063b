/// Fuzz oracles take arbitrary bytes and return normally when our code behaves as documented (accepts, or rejects
/// with a documented error); otherwise they throw this. The libFuzzer targets and the regression tests share them.
public struct FuzzViolation: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
