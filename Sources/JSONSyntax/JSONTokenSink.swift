/// Receives what `JSONParser` reads, in document order, as byte ranges of the input.
///
/// The parser owns the grammar and every error; a sink only sees well-formed pieces. The validator's sink
/// (`IgnoredTokens`) does nothing, so the specialised parser builds nothing; the value builder's sink
/// (`JSONValueBuilder`) makes a `JSONValue`. One grammar serves both, so they cannot disagree on what is JSON.
protocol JSONTokenSink {
    /// A string value: `start` is its opening quote, `end` the index after its closing quote; `escaped` is true
    /// when it holds a backslash escape.
    mutating func string(start: Int, end: Int, escaped: Bool)
    /// A member key, delimited like a string; the next value read is that member's.
    mutating func key(start: Int, end: Int, escaped: Bool)
    /// A number literal: `start` is its first byte, `end` the index after its last.
    mutating func number(start: Int, end: Int)
    /// `true` or `false`.
    mutating func bool(_ value: Bool)
    /// `null`.
    mutating func null()
    /// `[`: the values up to the matching `closeArray()` are its elements.
    mutating func openArray()
    /// `]`.
    mutating func closeArray()
    /// `{`: the key-value pairs up to the matching `closeObject()` are its members.
    mutating func openObject()
    /// `}`.
    mutating func closeObject()
}

/// The sink of a syntax check: everything read is dropped.
struct IgnoredTokens: JSONTokenSink {
    @inline(__always) mutating func string(start: Int, end: Int, escaped: Bool) {}
    @inline(__always) mutating func key(start: Int, end: Int, escaped: Bool) {}
    @inline(__always) mutating func number(start: Int, end: Int) {}
    @inline(__always) mutating func bool(_ value: Bool) {}
    @inline(__always) mutating func null() {}
    @inline(__always) mutating func openArray() {}
    @inline(__always) mutating func closeArray() {}
    @inline(__always) mutating func openObject() {}
    @inline(__always) mutating func closeObject() {}
}
