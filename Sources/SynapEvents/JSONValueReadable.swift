import JSONSyntax

/// A model read straight from a parsed `JSONValue` by hand-written code: how `SynapEventDecoder`
/// decodes every event, errors included.
///
/// Codable's generic and existential machinery cost more than parsing itself (perf: most of the
/// receiver's decoding CPU), and its errors carried coding paths whose cost grew with depth, so
/// each model has an `init(reading:)` of concrete calls that whole-module optimisation
/// specialises. Every reader must accept exactly the values its `init(from:)` accepts through
/// `JSONValueDecoder`, build the same model, and fail with the same field path and reason; the
/// differential test checks this on thousands of bodies.
protocol JSONValueReadable {
    /// Reads the model from `value`.
    /// - Throws: `ValueMismatch` wherever `init(from:)` would throw a `DecodingError`, naming the
    ///   same field and reason.
    init(reading value: JSONValue) throws(ValueMismatch)
}
