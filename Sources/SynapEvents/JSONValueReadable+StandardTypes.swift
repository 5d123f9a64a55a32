import JSONSyntax

// The standard types the models are built from, read as `JSONValueDecoder` reads them:
// no conversion between JSON types, and numbers through `Double(literal)` as `JSONValue.number(at:)` does.

extension String: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .string(let text) = value else { throw .expected(.string, found: value) }
        self = text
    }
}

extension Double: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        // Double(literal) reads any JSON number literal (out of range: an infinity or zero).
        guard case .number(let literal) = value, let number = Double(literal) else {
            throw .expected(.number, found: value)
        }
        self = number
    }
}

extension Bool: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .bool(let flag) = value else { throw .expected(.boolean, found: value) }
        self = flag
    }
}

extension Array: JSONValueReadable where Element: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .array(let elements) = value else { throw .expected(.array, found: value) }
        self.init()
        reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do {
                append(try Element(reading: element))
            } catch {
                throw error.at(index)
            }
        }
    }
}

extension Dictionary: JSONValueReadable where Key == String, Value: JSONValueReadable {
    /// Reads an object as an open map. When a key repeats, its first member wins and the later
    /// ones are not read at all, as in Codable's `Dictionary.init(from:)` over `ValueKeyedContainer`.
    init(reading value: JSONValue) throws(ValueMismatch) {
        guard case .object(let members) = value else { throw .expected(.object, found: value) }
        self.init(minimumCapacity: members.count)
        for (key, member) in members where self[key] == nil {
            do {
                self[key] = try Value(reading: member)
            } catch {
                throw error.inside(key)
            }
        }
    }
}
