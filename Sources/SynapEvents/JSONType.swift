import JSONSyntax

/// The six JSON types, named as error messages name them: "a string", "an object", "null".
enum JSONType: Equatable, Sendable, CustomStringConvertible {
    case null
    case boolean
    case number
    case string
    case array
    case object

    /// The type of `value`.
    init(of value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .boolean
        case .number: self = .number
        case .string: self = .string
        case .array: self = .array
        case .object: self = .object
        }
    }

    /// "null", "a boolean", "a number", "a string", "an array" or "an object".
    var description: String {
        switch self {
        case .null: "null"
        case .boolean: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
