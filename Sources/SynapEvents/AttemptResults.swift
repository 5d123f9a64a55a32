import JSONSyntax

/// `attempt.state.results`: how far marking has got.
public struct AttemptResults: Sendable, Equatable, Codable {
    /// Result status (values undocumented).
    public let status: String?
    /// Marking status (values undocumented).
    public let markingStatus: String?
    /// Number of marks still to be awarded by a marker.
    public let pendingMarks: Double?
}

extension AttemptResults: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        status = try object.optional("status")
        markingStatus = try object.optional("markingStatus")
        pendingMarks = try object.optional("pendingMarks")
    }
}
