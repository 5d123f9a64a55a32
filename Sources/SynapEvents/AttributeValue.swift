import JSONSyntax

/// An arbitrary JSON value, used for Synap's open maps (`customAttributes`, `exam.attr`,
/// `learningRecord.attr`) whose keys are chosen by each portal.
///
/// Named so as not to clash with JSONSyntax's lossless `JSONValue`. Numbers are kept as `Double`,
/// which is exact for integers up to 2^53; that is enough for attribute values.
public enum AttributeValue: Sendable, Equatable, Codable {
    /// JSON `null`.
    case null
    /// JSON `true` or `false`.
    case bool(Bool)
    /// Any JSON number.
    case number(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([AttributeValue])
    /// A JSON object.
    case object([String: AttributeValue])

    /// Decodes whatever JSON value is at the decoder's position.
    public init(from decoder: any Decoder) throws {
        // Over the project's own JSONValue the type is known: read it directly, in linear time. The trials
        // below throw an error per wrong guess at every level, each carrying the coding path: through
        // JSONDecoder that grew with the cube of the depth (issue 12), so no received body goes that way.
        if let valueDecoder = decoder as? ValueDecoder {
            do throws(ValueMismatch) {
                self = try AttributeValue(reading: valueDecoder.value)
                return
            } catch {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: valueDecoder.codingPath, debugDescription: error.decodingError.description))
            }
        }
        let container = try decoder.singleValueContainer()
        // JSONDecoder offers no way to peek at a value's type, and each failed attempt throws (which
        // costs more than the decode itself), so try the types in the order they are most common in
        // Synap's attribute maps. The order is otherwise free: JSONDecoder never converts between
        // strings, numbers and booleans.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode([String: AttributeValue].self) {
            self = .object(value)
        } else {
            self = .array(try container.decode([AttributeValue].self))
        }
    }

    /// Encodes the value as the JSON it stands for.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number, if this is a number.
    public var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The member named `key`, if this is an object that has it.
    public subscript(key: String) -> AttributeValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
