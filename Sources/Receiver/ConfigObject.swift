import JSONSyntax

/// Reads one JSON object of the configuration by key, with typed accessors that name the key
/// in every error, and a `finish` that reports keys nobody asked for (typos, like `urll`).
struct ConfigObject {
    let path: String
    private let members: [(String, JSONValue)]
    private var used: Set<String> = []

    init(_ value: JSONValue, path: String) throws(ConfigurationError) {
        guard case .object(let members) = value else { throw ConfigurationError(path, "must be an object") }
        var seen = Set<String>()
        for (key, _) in members where !seen.insert(key).inserted {
            throw ConfigurationError(Self.join(path, key), "key appears more than once")
        }
        self.path = path
        self.members = members
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func keyPath(_ key: String) -> String { Self.join(path, key) }

    var keys: [String] { members.map(\.0) }

    mutating func raw(_ key: String) -> JSONValue? {
        used.insert(key)
        guard let value = members.first(where: { $0.0 == key })?.1 else { return nil }
        if case .null = value { return nil }
        return value
    }

    mutating func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = raw(key) else { return nil }
        guard case .string(let text) = value else { throw ConfigurationError(keyPath(key), "must be a string") }
        return text
    }

    mutating func string(_ key: String, default fallback: String) throws(ConfigurationError) -> String {
        try string(key) ?? fallback
    }

    mutating func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let text = try string(key) else { throw ConfigurationError(keyPath(key), "is required") }
        guard !text.isEmpty else { throw ConfigurationError(keyPath(key), "must not be empty") }
        return text
    }

    mutating func oneOf(_ key: String, _ allowed: [String], default fallback: String) throws(ConfigurationError) -> String {
        let text = try string(key, default: fallback)
        guard allowed.contains(text) else {
            throw ConfigurationError(keyPath(key), "must be one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", ")), not \"\(text)\"")
        }
        return text
    }

    mutating func number(_ key: String, default fallback: Double, range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let value = raw(key) else { return fallback }
        guard case .number = value, let number = value.doubleValue else { throw ConfigurationError(keyPath(key), "must be a number") }
        guard range.contains(number) else {
            throw ConfigurationError(keyPath(key), "must be between \(Self.show(range.lowerBound)) and \(Self.show(range.upperBound)), not \(Self.show(number))")
        }
        return number
    }

    mutating func integer(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let number = try self.number(key, default: Double(fallback), range: Double(range.lowerBound)...Double(range.upperBound))
        guard number.rounded() == number else { throw ConfigurationError(keyPath(key), "must be a whole number") }
        return Int(number)
    }

    mutating func bool(_ key: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let value = raw(key) else { return fallback }
        guard case .bool(let flag) = value else { throw ConfigurationError(keyPath(key), "must be true or false") }
        return flag
    }

    mutating func object(_ key: String) throws(ConfigurationError) -> ConfigObject? {
        guard let value = raw(key) else { return nil }
        return try ConfigObject(value, path: keyPath(key))
    }

    mutating func array(_ key: String) throws(ConfigurationError) -> [JSONValue]? {
        guard let value = raw(key) else { return nil }
        guard case .array(let items) = value else { throw ConfigurationError(keyPath(key), "must be an array") }
        return items
    }

    mutating func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let items = try array(key) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else { throw ConfigurationError("\(keyPath(key))[\(index)]", "must be a string") }
            result.append(text)
        }
        return result
    }

    /// Fails on the first key that no accessor read.
    func finish() throws(ConfigurationError) {
        for (key, _) in members where !used.contains(key) {
            let known = used.sorted().joined(separator: ", ")
            throw ConfigurationError(keyPath(key), "unknown key (known here: \(known))")
        }
    }

    private static func show(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
