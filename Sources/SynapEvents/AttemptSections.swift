import JSONSyntax

/// `attempt.state.sections`: a wrapper around the list of sections.
public struct AttemptSections: Sendable, Equatable, Codable {
    /// One entry per section of the test.
    public let items: [AttemptSection]?
}

extension AttemptSections: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        items = try object.optional("items")
    }
}
