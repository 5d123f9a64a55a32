import JSONSyntax

/// Thrown by a `JSONValueReadable` reader when a value does not fit the model: what was wrong, and where.
///
/// It costs nothing until a read fails. The reason is two small enums; the path is added one component at a
/// time as the error unwinds through the readers (innermost first), so a failure costs time in proportion to
/// its depth in the model, never to the size of the body. `decodingError` turns it into the public
/// `EventDecodingError`, with the same field path and reason the Codable path (`JSONValueDecoder` and the
/// models' `init(from:)`) gives; the differential test holds the two together.
struct ValueMismatch: Error {
    /// What was wrong.
    enum Reason: Equatable {
        /// A required member is absent (or null, for an identifier); `alternate` is another name it may have.
        case missing(alternate: String?)
        /// The value is not of the JSON type the model reads there.
        case expected(JSONType, found: JSONType)
    }

    /// One step of a field path.
    enum PathComponent: Equatable {
        case key(String)
        case index(Int)
    }

    let reason: Reason
    /// The path to the offending value, innermost component first.
    private(set) var reversedPath: [PathComponent]

    init(_ reason: Reason, reversedPath: [PathComponent] = []) {
        self.reason = reason
        self.reversedPath = reversedPath
    }

    /// `value` is not the `type` the model reads.
    static func expected(_ type: JSONType, found value: JSONValue) -> ValueMismatch {
        ValueMismatch(.expected(type, found: JSONType(of: value)))
    }

    /// The required member `key` is absent.
    static func missing(_ key: String, alternate: String? = nil) -> ValueMismatch {
        ValueMismatch(.missing(alternate: alternate), reversedPath: [.key(key)])
    }

    /// This error, seen from the object that holds the offending value under `key`.
    consuming func inside(_ key: String) -> ValueMismatch {
        reversedPath.append(.key(key))
        return self
    }

    /// This error, seen from the array that holds the offending value at `index`.
    consuming func at(_ index: Int) -> ValueMismatch {
        reversedPath.append(.index(index))
        return self
    }

    /// The path as `EventDecodingError` writes it: `a.b[2].c`; "" for the body itself.
    var fieldPath: String {
        var result = ""
        for component in reversedPath.reversed() {
            switch component {
            case .index(let index):
                result += "[\(index)]"
            case .key(let key):
                if !result.isEmpty { result += "." }
                result += key
            }
        }
        return result
    }

    /// The reason as `EventDecodingError` words it.
    var reasonText: String {
        switch reason {
        case .missing(alternate: nil): "missing required field"
        case .missing(alternate: let alternate?): "missing required field (or \(alternate))"
        case .expected(let type, let found): "expected \(type), found \(found)"
        }
    }

    /// The public error: field path and reason.
    var decodingError: EventDecodingError {
        EventDecodingError(fieldPath: fieldPath, reason: reasonText)
    }
}
