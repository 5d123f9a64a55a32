extension JSONValue {
    /// The value of the first member named `key`; nil if there is none or this is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Follows a dotted path such as `"attempt.state.results.status"` or `"answers.0.id"`.
    ///
    /// Each segment names an object member (the first with that key) or, on an array, is a decimal index.
    /// The empty path returns `self`. Keys that contain `.` cannot be reached this way.
    public func value(atPath path: String) -> JSONValue? {
        if path.isEmpty { return self }
        var current = self
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case .object(let members):
                guard let member = members.first(where: { $0.0 == segment }) else { return nil }
                current = member.1
            case .array(let elements):
                guard !segment.isEmpty, segment.utf8.allSatisfy({ $0 &- 0x30 < 10 }),
                    let position = Int(segment), position < elements.count
                else { return nil }
                current = elements[position]
            default:
                return nil
            }
        }
        return current
    }

    /// The text of a string; nil otherwise.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A number as the nearest `Double` (an out-of-range literal gives an infinity or zero); nil otherwise.
    public var doubleValue: Double? {
        if case .number(let literal) = self { return Double(literal) }
        return nil
    }

    /// The value of `true` or `false`; nil otherwise.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements of an array; nil otherwise.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }
}
