import Checksums
import JSONSyntax

/// A route's `redact` rules bound to the data directory's identifier key: the transform the
/// HTTP side applies to a body after checking it is JSON and before handing it to the intake.
///
/// The transform is a function of the value the body was parsed into once; the responder
/// serialises its result as the body to store: compact JSON (no whitespace between tokens),
/// members in their order, numbers as written.
struct PayloadRedaction: Sendable {
    let rules: [RedactionRule]
    let identifiers: KeyedIdentifierHash

    /// `value` with every rule applied, in order.
    func apply(_ value: JSONValue) -> JSONValue {
        rules.reduce(value) { $1.apply(to: $0, identifiers: identifiers) }
    }
}
