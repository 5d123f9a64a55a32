import JSONSyntax

// The standard types the models are built from, read as `JSONValueDecoder` reads them:
// no conversion between JSON types, and numbers through `Double(literal)` as `JSONValue.number(at:)` does.

extension String: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .string(let text) = value else { throw ValueMismatch() }
        self = text
    }
}

extension Double: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .number(let literal) = value, let number = Double(literal) else { throw ValueMismatch() }
        self = number
    }
}

extension Bool: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .bool(let flag) = value else { throw ValueMismatch() }
        self = flag
    }
}

extension Array: JSONValueReadable where Element: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .array(let elements) = value else { throw ValueMismatch() }
        self.init()
        reserveCapacity(elements.count)
        for element in elements {
            append(try Element(reading: element))
        }
    }
}

extension Dictionary: JSONValueReadable where Key == String, Value: JSONValueReadable {
    /// Reads an object as an open map. When a key repeats, its first member wins and the later
    /// ones are not read at all, as in Codable's `Dictionary.init(from:)` over `ValueKeyedContainer`.
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .object(let members) = value else { throw ValueMismatch() }
        self.init(minimumCapacity: members.count)
        for (key, member) in members where self[key] == nil {
            self[key] = try Value(reading: member)
        }
    }
}
