import JSONSyntax

/// `attempt.audit` (Exam Results Released): who finalised and released the results, and when.
public struct AttemptAudit: Sendable, Equatable, Codable {
    /// Id of the user who finalised the marks.
    public let finalisedBy: String?
    /// When the marks were finalised.
    public let finalisedAt: SynapTimestamp?
    /// Id of the user who released the results.
    public let releasedBy: String?
    /// When the results were released.
    public let releasedAt: SynapTimestamp?
}

extension AttemptAudit: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        finalisedBy = try object.optional("finalisedBy")
        finalisedAt = try object.optional("finalisedAt")
        releasedBy = try object.optional("releasedBy")
        releasedAt = try object.optional("releasedAt")
    }
}
