/// The JSON grammar (RFC 8259 §2-§7) as one loop over borrowed bytes, reporting what it reads to a sink.
///
/// Shared by `JSONSyntaxValidator` (a sink that keeps nothing) and `JSONValue(parsing:)` (a sink that builds the
/// value), so checking and building are one pass with one set of error messages. It is iterative: open containers
/// are one bit each (array or object) in a buffer of `maxDepth` bits, not frames on the call stack, so no input
/// can overflow the stack, and every byte is looked at a bounded number of times.
enum JSONParser {
    /// Reads `bytes` as exactly one JSON text (whitespace around it allowed), feeding `sink`; nil when the text
    /// is well-formed, else the first error. A byte-order mark is not accepted (RFC 8259 §8.1: senders must not
    /// add one). On error, `sink` has seen a prefix of the text and must be discarded.
    @inline(__always)
    static func parse<Sink: JSONTokenSink>(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int, into sink: inout Sink
    ) -> JSONSyntaxError? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return JSONSyntaxError(offset: 0, problem: .unexpectedEnd(expected: .value), in: bytes)
        }
        let scanner = JSONScanner(base: base, count: bytes.count)
        let limit = max(0, maxDepth)
        // Nesting can never exceed the byte count, which also keeps a huge `maxDepth` from sizing the buffer.
        let words = (min(limit, bytes.count) + 63) / 64 + 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { kinds in
            do throws(JSONScanner.Failure) {
                try grammar(scanner, maxDepth: limit, kinds: kinds.baseAddress!, sink: &sink)
                return nil
            } catch {
                return JSONSyntaxError(offset: error.offset, problem: error.problem, in: bytes)
            }
        }
    }

    /// Read one value (opening containers as needed), then close containers and read separators until the next
    /// value starts or the text ends.
    ///
    /// `kinds` holds one bit per open container, set for an object; it has room for `maxDepth` bits.
    @inline(__always)
    static func grammar<Sink: JSONTokenSink>(
        _ scanner: JSONScanner, maxDepth: Int, kinds: UnsafeMutablePointer<UInt64>, sink: inout Sink
    ) throws(JSONScanner.Failure) {
        let count = scanner.count
        var depth = 0
        var index = scanner.skipWhitespace(from: 0)
        // Only used to word an error at the start of a value.
        var expecting = JSONSyntaxProblem.Expectation.value

        nextValue: while true {
            guard index < count else { throw .init(count, .unexpectedEnd(expected: expecting)) }
            switch scanner.byte(index) {
            case UInt8(ascii: "\""):
                var escaped = false
                let end = try scanner.scanString(at: index, escaped: &escaped)
                sink.string(start: index, end: end, escaped: escaped)
                index = end
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let end = try scanner.scanNumber(at: index)
                sink.number(start: index, end: end)
                index = end
            case UInt8(ascii: "{"):
                guard depth < maxDepth else { throw .init(index, .tooDeep(limit: maxDepth)) }
                kinds[depth &>> 6] |= 1 &<< UInt64(depth & 63)
                depth &+= 1
                sink.openObject()
                index = scanner.skipWhitespace(from: index &+ 1)
                guard index < count else { throw .init(count, .unexpectedEnd(expected: .memberKeyOrObjectEnd)) }
                if scanner.byte(index) == UInt8(ascii: "}") {
                    depth &-= 1
                    sink.closeObject()
                    index &+= 1
                } else {
                    index = try scanMemberKey(scanner, at: index, expecting: .memberKeyOrObjectEnd, sink: &sink)
                    expecting = .value
                    continue nextValue
                }
            case UInt8(ascii: "["):
                guard depth < maxDepth else { throw .init(index, .tooDeep(limit: maxDepth)) }
                kinds[depth &>> 6] &= ~(1 &<< UInt64(depth & 63))
                depth &+= 1
                sink.openArray()
                index = scanner.skipWhitespace(from: index &+ 1)
                if index < count, scanner.byte(index) == UInt8(ascii: "]") {
                    depth &-= 1
                    sink.closeArray()
                    index &+= 1
                } else {
                    expecting = .valueOrArrayEnd
                    continue nextValue
                }
            case UInt8(ascii: "t"):
                index = try scanner.scanLiteral("true", at: index)
                sink.bool(true)
            case UInt8(ascii: "f"):
                index = try scanner.scanLiteral("false", at: index)
                sink.bool(false)
            case UInt8(ascii: "n"):
                index = try scanner.scanLiteral("null", at: index)
                sink.null()
            case let other:
                throw .init(index, .unexpectedByte(other, expected: expecting))
            }

            // A value just ended: close containers until a comma asks for the next value.
            while true {
                index = scanner.skipWhitespace(from: index)
                guard depth > 0 else {
                    if index == count { return }
                    throw .init(index, .unexpectedByte(scanner.byte(index), expected: .endOfText))
                }
                let inObject = (kinds[(depth &- 1) &>> 6] &>> UInt64((depth &- 1) & 63)) & 1 != 0
                let continuation: JSONSyntaxProblem.Expectation = inObject ? .commaOrObjectEnd : .commaOrArrayEnd
                guard index < count else { throw .init(count, .unexpectedEnd(expected: continuation)) }
                let current = scanner.byte(index)
                if current == UInt8(ascii: ",") {
                    index = scanner.skipWhitespace(from: index &+ 1)
                    if inObject { index = try scanMemberKey(scanner, at: index, expecting: .memberKey, sink: &sink) }
                    expecting = .value
                    continue nextValue
                }
                guard current == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw .init(index, .unexpectedByte(current, expected: continuation))
                }
                if inObject { sink.closeObject() } else { sink.closeArray() }
                depth &-= 1
                index &+= 1
            }
        }
    }

    /// Scans `"key" :` and the whitespace after it, starting at the key's opening quote.
    @inline(__always)
    static func scanMemberKey<Sink: JSONTokenSink>(
        _ scanner: JSONScanner, at start: Int, expecting: JSONSyntaxProblem.Expectation, sink: inout Sink
    ) throws(JSONScanner.Failure) -> Int {
        guard start < scanner.count else { throw .init(scanner.count, .unexpectedEnd(expected: expecting)) }
        guard scanner.byte(start) == UInt8(ascii: "\"") else {
            throw .init(start, .unexpectedByte(scanner.byte(start), expected: expecting))
        }
        var escaped = false
        let end = try scanner.scanString(at: start, escaped: &escaped)
        sink.key(start: start, end: end, escaped: escaped)
        var index = scanner.skipWhitespace(from: end)
        guard index < scanner.count else { throw .init(scanner.count, .unexpectedEnd(expected: .colon)) }
        guard scanner.byte(index) == UInt8(ascii: ":") else {
            throw .init(index, .unexpectedByte(scanner.byte(index), expected: .colon))
        }
        index = scanner.skipWhitespace(from: index &+ 1)
        return index
    }
}
