#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension EventDecodingError {
    /// Converts a `DecodingError` into a field path and a readable reason. `body` is consulted (only
    /// on this error path) to name the type actually found at the failing path.
    init(_ error: DecodingError, body: [UInt8]) {
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
            let found = Self.value(in: body, at: context.codingPath)?.kindDescription ?? "something else"
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

    /// The JSON value at `codingPath` in `body`, if the body parses and the path exists.
    static func value(in body: [UInt8], at codingPath: [any CodingKey]) -> AttributeValue? {
        guard var value = try? JSONDecoder().decode(AttributeValue.self, from: Data(body)) else { return nil }
        for key in codingPath {
            switch value {
            case .array(let elements):
                guard let index = key.intValue, elements.indices.contains(index) else { return nil }
                value = elements[index]
            case .object(let members):
                guard let member = members[key.stringValue] else { return nil }
                value = member
            default:
                return nil
            }
        }
        return value
    }
}
