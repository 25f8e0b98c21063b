/// The number of one connection attempt, counting from 1 for the first `connect` a supervisor asks for.
///
/// Every input about a connection carries its generation; the supervisor drops inputs from any generation but
/// the live one, so a frame or failure from a replaced socket can never be delivered or act (getstream's
/// `ws_id` guard, service-profiles §5.5, made structural).
public struct Generation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public var description: String { String(value) }
}
