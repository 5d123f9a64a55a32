import Checksums
import JSONSyntax
import SystemIO

/// A value in an audit record's selection.
enum AuditValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case text(String)
    case number(Int)
    /// A learner's identifier (an email, a user id, a search term): written as its keyed hash,
    /// never in clear.
    case identifier(String)
    /// An identifier already hashed with the receiver's `KeyedIdentifierHash` (hex); what the
    /// reader returns for an `identifier`.
    case keyedHash(String)
    case list([AuditValue])

    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int) { self = .number(value) }

    func json(hashing identifiers: KeyedIdentifierHash) -> JSONValue {
        switch self {
        case .text(let text): return .string(text)
        case .number(let number): return .number(String(number))
        case .identifier(let identifier): return .object([("keyedHash", .string(identifiers.hash(identifier)))])
        case .keyedHash(let hash): return .object([("keyedHash", .string(hash))])
        case .list(let items): return .array(items.map { $0.json(hashing: identifiers) })
        }
    }

    init?(json: JSONValue) {
        switch json {
        case .string(let text): self = .text(text)
        case .number(let literal):
            guard let number = Int(literal) else { return nil }
            self = .number(number)
        case .array(let items):
            let values = items.compactMap(AuditValue.init(json:))
            guard values.count == items.count else { return nil }
            self = .list(values)
        case .object:
            guard let hash = json["keyedHash"]?.stringValue else { return nil }
            self = .keyedHash(hash)
        default:
            return nil
        }
    }
}

/// Which events or records an admin action was about, as ordered named values:
/// `["source": "dead-letters", "q": .identifier("ada@example.edu")]`.
struct AuditSelection: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    var fields: [(name: String, value: AuditValue)]

    init(_ fields: [(name: String, value: AuditValue)] = []) { self.fields = fields }

    init(dictionaryLiteral elements: (String, AuditValue)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    subscript(name: String) -> AuditValue? { fields.first { $0.name == name }?.value }

    var isEmpty: Bool { fields.isEmpty }

    static func == (a: AuditSelection, b: AuditSelection) -> Bool {
        a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// The fields of a replay selection (event ids are the receiver's, not a learner's).
    init(_ request: ReplayRequest) {
        let selection = request.selection
        var fields: [(name: String, value: AuditValue)] = [("source", .text(selection.source.rawValue))]
        if !selection.ids.isEmpty { fields.append(("ids", .list(selection.ids.sorted().map { .text($0.description) }))) }
        if let route = selection.route { fields.append(("route", .text(route))) }
        if let handler = selection.handler { fields.append(("handler", .text(handler))) }
        if let since = selection.since { fields.append(("since", .text(WallClock.iso8601(milliseconds: since)))) }
        if let until = selection.until { fields.append(("until", .text(WallClock.iso8601(milliseconds: until)))) }
        if request.force { fields.append(("force", .text("true"))) }
        if let to = request.to { fields.append(("to", .text(to))) }
        if let note = request.note { fields.append(("note", .text(note))) }
        self.init(fields)
    }
}
