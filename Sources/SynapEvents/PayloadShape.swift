import JSONSyntax

/// Just enough of a JSON object's shape for `EventKindDetector`: which members are present, a few
/// nested objects, `eventName`, and whether `score` is a number. Read from the project's own
/// `JSONValue` (first member wins when a key repeats, as in the event decoders), not through
/// Foundation's `JSONDecoder`, whose machinery is what the receiver's own decoding replaced.
struct PayloadShape {
    /// Members that are present and not null.
    let members: Set<String>
    /// The members named in `nestedNames` that are objects.
    let nested: [String: PayloadShape]
    /// `eventName`, if it is a string.
    let eventName: String?
    /// Whether `score` is a number (attempt.completed), not an object (attemptOverride.created).
    let scoreIsNumber: Bool

    /// The nested objects the detection rules look into, at any depth.
    static let nestedNames: Set<String> = ["meta", "attempt", "state", "exam", "previousValues"]

    /// The shape of `value`; nil when it is not an object.
    init?(_ value: JSONValue) {
        guard case .object(let pairs) = value else { return nil }
        var members: Set<String> = []
        var seen: Set<String> = []
        var nested: [String: PayloadShape] = [:]
        var eventName: String?
        var scoreIsNumber = false
        for (key, member) in pairs where seen.insert(key).inserted {
            if case .null = member { continue }
            members.insert(key)
            if Self.nestedNames.contains(key) { nested[key] = PayloadShape(member) }
            if key == "eventName", case .string(let name) = member { eventName = name }
            if key == "score", case .number(let literal) = member { scoreIsNumber = Double(literal) != nil }
        }
        self.members = members
        self.nested = nested
        self.eventName = eventName
        self.scoreIsNumber = scoreIsNumber
    }

    /// Whether member `name` is present and not null.
    func has(_ name: String) -> Bool {
        members.contains(name)
    }

    /// The nested object `name`, if present and an object.
    subscript(name: String) -> PayloadShape? {
        nested[name]
    }
}
