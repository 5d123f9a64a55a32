/// `attempt.state.results`: how far marking has got.
public struct AttemptResults: Sendable, Equatable, Codable {
    /// Result status (values undocumented).
    public let status: String?
    /// Marking status (values undocumented).
    public let markingStatus: String?
    /// Number of marks still to be awarded by a marker.
    public let pendingMarks: Double?
}
