import JSONSyntax

/// The optional `certificate` block of attempt.completed and exam.completed.
/// Both members are optional: a malformed certificate must not hold back the completion event.
public struct Certificate: Sendable, Equatable, Codable {
    /// Link to the certificate page.
    public let url: String?
    /// Storage path of the certificate PDF.
    public let certificatePdfPath: String?
}

extension Certificate: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        url = try object.optional("url")
        certificatePdfPath = try object.optional("certificatePdfPath")
    }
}
