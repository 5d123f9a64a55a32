import JSONSyntax

/// A `Decoder` over the project's own `JSONValue`: the models' Codable path (`init(from:)`).
///
/// It replaced Foundation's `JSONDecoder` (typed decoding was 42% of the receiver's CPU under load,
/// nearly all of it JSONDecoder's machinery), and was in turn replaced by the models' readers
/// (`JSONValueReadable`), which now give the errors too. It stays as the readers' reference: the
/// differential test checks that a reader and `init(from:)` through this decoder agree on the
/// model or on the error (field path and reason), including where Foundation's `JSONDecoder`
/// cannot judge (repeated keys, numbers out of `Double`'s range). `SynapEventDecoder` uses it only
/// for payload types from outside the module. Each level copies its coding path, a cost the
/// models' fixed shape bounds; open maps are read by `AttributeValue(reading:)` in one step.
enum JSONValueDecoder {
    /// Decodes `T` from a parsed JSON value.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: ValueDecoder(value: value, codingPath: []))
    }
}

/// Decodes one JSON value at a coding path.
struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw value.mismatch([String: Any].self, at: codingPath)
        }
        return KeyedDecodingContainer(ValueKeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw value.mismatch([Any].self, at: codingPath)
        }
        return ValueUnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ValueSingleContainer(value: value, codingPath: codingPath)
    }
}

extension JSONValue {
    func mismatch(_ type: Any.Type, at path: [any CodingKey]) -> DecodingError {
        if case .null = self {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "Expected \(type) value but found null instead."))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found something else instead."))
    }

    /// The value as `T` for the scalar types the models use; nil when it is not one of them.
    func scalar<T>(_ type: T.Type, at path: [any CodingKey]) throws -> T {
        switch (self, type) {
        case (.string(let text), is String.Type):
            return text as! T
        case (.bool(let flag), is Bool.Type):
            return flag as! T
        case (.number(let literal), is Double.Type):
            guard let number = Double(literal) else { throw mismatch(type, at: path) }
            return number as! T
        case (.number(let literal), is Float.Type):
            guard let number = Float(literal) else { throw mismatch(type, at: path) }
            return number as! T
        case (.number(let literal), is Int.Type):
            guard let number = Int(literal) ?? Double(literal).flatMap({ $0.rounded() == $0 ? Int(exactly: $0) : nil }) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(literal) is not representable in Swift."))
            }
            return number as! T
        case (.number(let literal), is Int64.Type):
            guard let number = Int64(literal) ?? Double(literal).flatMap({ $0.rounded() == $0 ? Int64(exactly: $0) : nil }) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(literal) is not representable in Swift."))
            }
            return number as! T
        default:
            throw mismatch(type, at: path)
        }
    }

    /// A number as Double; anything else is a type mismatch (null: value not found).
    func number(at path: [any CodingKey]) throws -> Double {
        guard case .number(let literal) = self, let number = Double(literal) else { throw mismatch(Double.self, at: path) }
        return number
    }

    static func isScalar(_ type: Any.Type) -> Bool {
        type == String.self || type == Double.self || type == Bool.self || type == Int.self || type == Int64.self || type == Float.self
    }
}

/// An integer coding key for array elements.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}
