import JSONSyntax

/// A model read straight from a parsed `JSONValue` by hand-written code: the fast path of
/// `SynapEventDecoder`.
///
/// Codable's generic and existential machinery cost more than parsing itself (perf: most of the
/// receiver's decoding CPU), so each model also has an `init(reading:)` of concrete calls that
/// whole-module optimisation specialises. Every reader must accept exactly the values its
/// `init(from:)` accepts through `JSONValueDecoder`, and build the same model; the differential
/// test checks this on thousands of bodies.
protocol JSONValueReadable {
    /// Reads the model from `value`.
    /// - Throws: `ValueMismatch` wherever `init(from:)` would throw a `DecodingError`.
    init(reading value: JSONValue) throws(ValueMismatch)
}
