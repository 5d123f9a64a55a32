import JSONSyntax

/// One test on a field of an event's payload, such as `attempt.scoreFrac >= 0.5`.
///
/// Values compare by JSON type: numbers numerically, strings and booleans exactly (case
/// matters). A field that is missing or `null` fails every test except `!=` (always the
/// opposite of `==`) and `exists: false`.
public struct FilterCondition: Sendable, Equatable, CustomStringConvertible {
    /// How the field is compared with `value`.
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="
        /// A list field has an element equal to the value, or a string field contains the value.
        case contains
        /// The field equals one of the values in a list.
        case `in`
        /// With `true`: the field is present and not null; with `false`: the opposite.
        case exists
    }

    /// Dotted path into the payload (`exam.name`, `attempt.tags.exam`, `user.customAttributes.team`).
    public let field: String
    /// How the field is compared.
    public let op: Operator
    /// What it is compared with (a list for `in`, a boolean for `exists`).
    public let value: JSONValue

    /// A condition; refuses a value whose type cannot work with `op` (the message says what would).
    public init(field: String, op: Operator, value: JSONValue) throws(HandlerConfigurationError) {
        switch op {
        case .equal, .notEqual, .contains:
            guard Self.isScalar(value) else { throw HandlerConfigurationError("must be a number, string or boolean for \(op.rawValue)") }
        case .greater, .greaterOrEqual, .less, .lessOrEqual:
            guard case .number = value else { throw HandlerConfigurationError("must be a number for \(op.rawValue)") }
        case .in:
            guard case .array(let items) = value, !items.isEmpty, items.allSatisfy(Self.isScalar) else {
                throw HandlerConfigurationError("must be a non-empty list of numbers, strings or booleans for in")
            }
        case .exists:
            guard case .bool = value else { throw HandlerConfigurationError("must be true or false for exists") }
        }
        self.field = field
        self.op = op
        self.value = value
    }

    /// Whether `payload` passes this test.
    public func matches(_ payload: JSONValue) -> Bool {
        var found = payload.value(atPath: field)
        if case .null = found { found = nil }
        switch op {
        case .exists:
            return (found != nil) == (value.boolValue ?? true)
        case .equal:
            return found.map { Self.same($0, value) } ?? false
        case .notEqual:
            return !(found.map { Self.same($0, value) } ?? false)
        case .greater, .greaterOrEqual, .less, .lessOrEqual:
            guard let number = found?.doubleValue, let bound = value.doubleValue else { return false }
            switch op {
            case .greater: return number > bound
            case .greaterOrEqual: return number >= bound
            case .less: return number < bound
            default: return number <= bound
            }
        case .contains:
            switch found {
            case .array(let elements)?: return elements.contains { Self.same($0, value) }
            case .string(let text)?: return value.stringValue.map { text.contains($0) } ?? false
            default: return false
            }
        case .in:
            guard let found, let options = value.arrayValue else { return false }
            return options.contains { Self.same(found, $0) }
        }
    }

    /// Equality by JSON type; numbers by value, so `1`, `1.0` and `1e0` are equal.
    static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.number, .number): return left.doubleValue == right.doubleValue
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        default: return false
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .number, .string, .bool: return true
        default: return false
        }
    }

    /// `attempt.scoreFrac >= 0.5`.
    public var description: String { "\(field) \(op.rawValue) \(value.serialized())" }
}
