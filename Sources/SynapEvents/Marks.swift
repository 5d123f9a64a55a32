import JSONSyntax

/// Synap's `Marks` type, which its docs reference but never define (synap-events.md §2.1).
///
/// exam.completed spells it out with all four fields optional, Exam Results Released with all four
/// required; every field is optional here so both decode.
public struct Marks: Sendable, Equatable, Codable {
    /// Points awarded.
    public let points: Double?
    /// Points available.
    public let maxPoints: Double?
    /// Credits awarded.
    public let credits: Double?
    /// Penalties applied.
    public let penalties: Double?

    /// Creates a marks value.
    public init(points: Double? = nil, maxPoints: Double? = nil, credits: Double? = nil, penalties: Double? = nil) {
        self.points = points
        self.maxPoints = maxPoints
        self.credits = credits
        self.penalties = penalties
    }
}

extension Marks: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        points = try object.optional("points")
        maxPoints = try object.optional("maxPoints")
        credits = try object.optional("credits")
        penalties = try object.optional("penalties")
    }
}
