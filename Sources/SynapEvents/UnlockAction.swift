/// An entry of Store Purchase's `unlockActions`: something the purchase unlocked.
public struct UnlockAction: Sendable, Equatable, Codable {
    /// What kind of thing is unlocked (values undocumented).
    public let type: String?
    /// The id of the unlocked thing.
    public let targetId: String?
}
