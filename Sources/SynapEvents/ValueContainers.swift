import JSONSyntax

/// Keyed access to a JSON object's members (first member wins when a key repeats).
struct ValueKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(String, JSONValue)]
    let codingPath: [any CodingKey]

    private func pathTo(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    private func find(_ key: Key) -> JSONValue? {
        let name = key.stringValue
        for (memberKey, value) in members where memberKey == name { return value }
        return nil
    }

    private func required(_ key: Key) throws -> JSONValue {
        guard let value = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return value
    }

    // Concrete overloads: the models' scalar fields come here directly, without the generic
    // path's metadata lookups and dynamic casts (measured: most of the decoder's cost).
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let value = try required(key)
        if case .string(let text) = value { return text }
        throw value.mismatch(type, at: pathTo(key))
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try required(key).number(at: pathTo(key))
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        let value = try required(key)
        if case .bool(let flag) = value { return flag }
        throw value.mismatch(type, at: pathTo(key))
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        switch find(key) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: throw value.mismatch(type, at: pathTo(key))
        }
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        switch find(key) {
        case nil, .null?: return nil
        case let value?: return try value.number(at: pathTo(key))
        }
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        switch find(key) {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let value?: throw value.mismatch(type, at: pathTo(key))
        }
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try required(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try required(key)
        if JSONValue.isScalar(type) { return try value.scalar(type, at: pathTo(key)) }
        return try T(from: ValueDecoder(value: value, codingPath: pathTo(key)))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = find(key) else { return nil }
        if case .null = value { return nil }
        if JSONValue.isScalar(type) { return try value.scalar(type, at: pathTo(key)) }
        return try T(from: ValueDecoder(value: value, codingPath: pathTo(key)))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: required(key), codingPath: pathTo(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: required(key), codingPath: pathTo(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(members), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: find(key) ?? .null, codingPath: pathTo(key))
    }
}

/// Sequential access to a JSON array's elements.
struct ValueUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    private var here: [any CodingKey] { codingPath + [IndexKey(intValue: currentIndex)] }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private func current<T>(_ type: T.Type) throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: here, debugDescription: "Unkeyed container is at end."))
        }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard case .null = try current(Any?.self) else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try current(type)
        let result = JSONValue.isScalar(type) ? try value.scalar(type, at: here) : try T(from: ValueDecoder(value: value, codingPath: here))
        currentIndex += 1
        return result
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let value = try current(type)
        guard case .string(let text) = value else { throw value.mismatch(type, at: here) }
        currentIndex += 1
        return text
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let number = try current(type).number(at: here)
        currentIndex += 1
        return number
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try ValueDecoder(value: current(type), codingPath: here).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try ValueDecoder(value: current([Any].self), codingPath: here).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = ValueDecoder(value: try current(Any.self), codingPath: here)
        currentIndex += 1
        return decoder
    }
}

/// A single JSON value.
struct ValueSingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if JSONValue.isScalar(type) { return try value.scalar(type, at: codingPath) }
        return try T(from: ValueDecoder(value: value, codingPath: codingPath))
    }
}
