import Foundation
import SynapEvents

/// Helpers shared by the SynapEvents tests: decoding, fixtures, and editing JSON bodies by path.
enum TestSupport {
    static let decoder = SynapEventDecoder()

    /// Decodes `body` as `kind`.
    static func decode(_ kind: EventKind, _ body: String) throws(EventDecodingError) -> SynapEvent {
        try decoder.decode(kind, from: Array(body.utf8))
    }

    /// The decoding error for `body` as `kind`, or nil if it decodes.
    static func error(_ kind: EventKind, _ body: String) -> EventDecodingError? {
        do {
            _ = try decode(kind, body)
            return nil
        } catch {
            return error
        }
    }

    /// The text of `Fixtures/<name>`, located from this source file.
    static func fixture(_ name: String, filePath: String = #filePath) throws -> String {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Parses JSON text into an `AttributeValue` tree.
    static func tree(_ body: String) throws -> AttributeValue {
        try JSONDecoder().decode(AttributeValue.self, from: Data(body.utf8))
    }

    /// Serialises a tree back to JSON text.
    static func text(_ value: AttributeValue) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// `body` with the member at dotted `path` removed (or replaced by `value`, when given).
    static func editing(_ body: String, _ path: String, to value: AttributeValue? = nil) throws -> String {
        try text(edit(try tree(body), path.split(separator: ".").map(String.init)[...], value))
    }

    /// `body` without the member at dotted `path`.
    static func removing(_ path: String, from body: String) throws -> String {
        try editing(body, path)
    }

    /// `body` with the member at dotted `path` set to `value` (created if absent).
    static func setting(_ path: String, to value: AttributeValue, in body: String) throws -> String {
        try editing(body, path, to: value)
    }

    private static func edit(_ node: AttributeValue, _ keys: ArraySlice<String>, _ value: AttributeValue?)
        -> AttributeValue
    {
        guard let key = keys.first, case .object(var members) = node else { return node }
        if keys.count == 1 {
            members[key] = value
        } else if let child = members[key] {
            members[key] = edit(child, keys.dropFirst(), value)
        }
        return .object(members)
    }

    /// Dotted paths of every object member in `value`, not descending into arrays or open maps.
    /// With `skipNulls`, members whose value is null are left out.
    static func paths(_ value: AttributeValue, prefix: String = "", skipNulls: Bool = false) -> Set<String> {
        guard case .object(let members) = value else { return [] }
        var result: Set<String> = []
        for (key, member) in members {
            if skipNulls, member == .null { continue }
            let path = prefix.isEmpty ? key : prefix + "." + key
            result.insert(path)
            if key != "customAttributes" && key != "attr" {
                result.formUnion(paths(member, prefix: path, skipNulls: skipNulls))
            }
        }
        return result
    }

    /// Adds an unknown member to the root and to every nested object (not into open maps).
    static func addingUnknownFields(_ value: AttributeValue) -> AttributeValue {
        switch value {
        case .object(var members):
            for (key, member) in members where key != "customAttributes" && key != "attr" {
                members[key] = addingUnknownFields(member)
            }
            members["unexpectedField"] = .object(["nested": .array([.number(1), .string("x"), .null])])
            return .object(members)
        case .array(let elements):
            return .array(elements.map(addingUnknownFields))
        default:
            return value
        }
    }
}

extension TestSupport {
    /// How `serialise` writes numbers.
    enum NumberStyle {
        /// `17` becomes `17.0`: floats where integers are typical.
        case integralAsFloat
        /// `17` becomes `1.7e1`, `0.85` becomes `8.5e-1`: exponent notation.
        case exponent
    }

    /// Writes `value` as JSON text with numbers in `style`.
    static func serialise(_ value: AttributeValue, numbers style: NumberStyle) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let string):
            return String(decoding: (try? JSONEncoder().encode(string)) ?? Data(), as: UTF8.self)
        case .number(let number):
            switch style {
            case .integralAsFloat:
                return number == number.rounded() ? "\(Int(number)).0" : "\(number)"
            case .exponent:
                guard number != 0 else { return "0e0" }
                var exponent = 0
                var mantissa = number
                while abs(mantissa) >= 10 {
                    mantissa /= 10
                    exponent += 1
                }
                while abs(mantissa) < 1 {
                    mantissa *= 10
                    exponent -= 1
                }
                return "\(mantissa)e\(exponent)"
            }
        case .array(let elements):
            return "[" + elements.map { serialise($0, numbers: style) }.joined(separator: ",") + "]"
        case .object(let members):
            return "{"
                + members.map { serialise(.string($0.key), numbers: style) + ":" + serialise($0.value, numbers: style) }
                .joined(separator: ",") + "}"
        }
    }
}

extension TestSupport {
    /// Thrown when a body decodes into another kind's model.
    struct WrongModel: Error {}

    /// Decodes `body` as `Payload`'s kind and returns the model.
    static func model<Payload: SynapEventPayload>(_ type: Payload.Type, _ body: String) throws -> Payload {
        guard let payload = try decode(Payload.kind, body).payload as? Payload else { throw WrongModel() }
        return payload
    }

    /// Decodes the sample of `Payload`'s kind and returns the model.
    static func sample<Payload: SynapEventPayload>(_ type: Payload.Type) throws -> Payload {
        try model(type, SampleEvents.body(for: Payload.kind))
    }
}
