import JSONSyntax

extension EventDecodingError {
    /// Converts a `DecodingError` from a models' `init(from:)` into a field path and a readable
    /// reason, worded as the readers (`ValueMismatch`) word theirs. `root`, the parsed body, is
    /// consulted to name the type actually found at the failing path: a walk down that path, no
    /// new parse.
    init(_ error: DecodingError, in root: JSONValue) {
        switch error {
        case .keyNotFound(let key, let context):
            var reason = "missing required field"
            if context.debugDescription.hasPrefix(AnyCodingKey.alternatePrefix) {
                reason += " (or \(context.debugDescription.dropFirst(AnyCodingKey.alternatePrefix.count)))"
            }
            self.init(fieldPath: Self.path(context.codingPath + [key]), reason: reason)
        case .valueNotFound(let type, let context):
            self.init(fieldPath: Self.path(context.codingPath), reason: "expected \(Self.describe(type)), found null")
        case .typeMismatch(let type, let context):
            let found = Self.value(in: root, at: context.codingPath).map { "\(JSONType(of: $0))" } ?? "something else"
            self.init(
                fieldPath: Self.path(context.codingPath), reason: "expected \(Self.describe(type)), found \(found)")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                self.init(fieldPath: "", reason: "not valid JSON")
            } else {
                self.init(fieldPath: Self.path(context.codingPath), reason: context.debugDescription)
            }
        @unknown default:
            self.init(fieldPath: "", reason: String(describing: error))
        }
    }

    /// Joins coding keys as `a.b[2].c`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                if !result.isEmpty { result += "." }
                result += key.stringValue
            }
        }
        return result
    }

    /// Names the JSON type a Swift type is read from: "a number", "a string", "an object", ...
    static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "an object" }
        if name.hasPrefix("Array") || name.hasPrefix("UnkeyedDecodingContainer") { return "an array" }
        switch name {
        case "Double", "Float", "Int", "Int64", "Int32", "UInt", "UInt64": return "a number"
        case "String", "SynapTimestamp": return "a string"
        case "Bool": return "a boolean"
        default: return name
        }
    }

    /// The value at `codingPath` in `root` (an object's first member of a name, as the decoders
    /// read it), if the path exists.
    static func value(in root: JSONValue, at codingPath: [any CodingKey]) -> JSONValue? {
        var value = root
        for key in codingPath {
            switch value {
            case .array(let elements):
                guard let index = key.intValue, elements.indices.contains(index) else { return nil }
                value = elements[index]
            case .object:
                guard let member = value[key.stringValue] else { return nil }
                value = member
            default:
                return nil
            }
        }
        return value
    }
}
