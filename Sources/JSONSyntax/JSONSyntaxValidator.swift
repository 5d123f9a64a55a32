/// A fast, allocation-free check that bytes are exactly one well-formed JSON text (RFC 8259).
///
/// Checks the grammar, strict UTF-8 inside strings and a nesting limit; it builds nothing. It is iterative, so a
/// deeply nested input cannot overflow the stack: the nesting is kept as one bit per level (array or object) in a
/// temporary buffer of `maxDepth` bits, which lives on the stack for the usual limits.
public enum JSONSyntaxValidator {
    /// Returns nil when `bytes` is exactly one well-formed JSON text (whitespace around it allowed), else the
    /// first error. A byte-order mark is not accepted (RFC 8259 §8.1: senders must not add one).
    public static func validate(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 512) -> JSONSyntaxError? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return JSONSyntaxError(offset: 0, problem: .unexpectedEnd(expected: .value), in: bytes)
        }
        let scanner = JSONScanner(base: base, count: bytes.count)
        let limit = max(0, maxDepth)
        // Nesting can never exceed the byte count, which also keeps a huge `maxDepth` from sizing the buffer.
        let words = (min(limit, bytes.count) + 63) / 64 + 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { kinds in
            do throws(JSONScanner.Failure) {
                try scan(scanner, maxDepth: limit, kinds: kinds.baseAddress!)
                return nil
            } catch {
                return JSONSyntaxError(offset: error.offset, problem: error.problem, in: bytes)
            }
        }
    }

    /// Returns nil when `bytes` is exactly one well-formed JSON text, else the first error.
    public static func validate(_ bytes: [UInt8], maxDepth: Int = 512) -> JSONSyntaxError? {
        bytes.withUnsafeBytes { validate($0, maxDepth: maxDepth) }
    }

    /// The grammar of RFC 8259 §2-§5 as a loop: read one value (opening containers as needed), then close
    /// containers and read separators until the next value starts or the text ends.
    ///
    /// `kinds` holds one bit per open container, set for an object; it has room for `maxDepth` bits.
    static func scan(
        _ scanner: JSONScanner, maxDepth: Int, kinds: UnsafeMutablePointer<UInt64>
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
                index = try scanner.scanString(at: index)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                index = try scanner.scanNumber(at: index)
            case UInt8(ascii: "{"):
                guard depth < maxDepth else { throw .init(index, .tooDeep(limit: maxDepth)) }
                kinds[depth &>> 6] |= 1 &<< UInt64(depth & 63)
                depth &+= 1
                index = scanner.skipWhitespace(from: index &+ 1)
                guard index < count else { throw .init(count, .unexpectedEnd(expected: .memberKeyOrObjectEnd)) }
                if scanner.byte(index) == UInt8(ascii: "}") {
                    depth &-= 1
                    index &+= 1
                } else {
                    index = try scanMemberKey(scanner, at: index, expecting: .memberKeyOrObjectEnd)
                    expecting = .value
                    continue nextValue
                }
            case UInt8(ascii: "["):
                guard depth < maxDepth else { throw .init(index, .tooDeep(limit: maxDepth)) }
                kinds[depth &>> 6] &= ~(1 &<< UInt64(depth & 63))
                depth &+= 1
                index = scanner.skipWhitespace(from: index &+ 1)
                if index < count, scanner.byte(index) == UInt8(ascii: "]") {
                    depth &-= 1
                    index &+= 1
                } else {
                    expecting = .valueOrArrayEnd
                    continue nextValue
                }
            case UInt8(ascii: "t"):
                index = try scanner.scanLiteral("true", at: index)
            case UInt8(ascii: "f"):
                index = try scanner.scanLiteral("false", at: index)
            case UInt8(ascii: "n"):
                index = try scanner.scanLiteral("null", at: index)
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
                    if inObject { index = try scanMemberKey(scanner, at: index, expecting: .memberKey) }
                    expecting = .value
                    continue nextValue
                }
                guard current == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw .init(index, .unexpectedByte(current, expected: continuation))
                }
                depth &-= 1
                index &+= 1
            }
        }
    }

    /// Scans `"key" :` and the whitespace after it, starting at the key's opening quote.
    @inline(__always)
    static func scanMemberKey(
        _ scanner: JSONScanner, at start: Int, expecting: JSONSyntaxProblem.Expectation
    ) throws(JSONScanner.Failure) -> Int {
        guard start < scanner.count else { throw .init(scanner.count, .unexpectedEnd(expected: expecting)) }
        guard scanner.byte(start) == UInt8(ascii: "\"") else {
            throw .init(start, .unexpectedByte(scanner.byte(start), expected: expecting))
        }
        var index = scanner.skipWhitespace(from: try scanner.scanString(at: start))
        guard index < scanner.count else { throw .init(scanner.count, .unexpectedEnd(expected: .colon)) }
        guard scanner.byte(index) == UInt8(ascii: ":") else {
            throw .init(index, .unexpectedByte(scanner.byte(index), expected: .colon))
        }
        index = scanner.skipWhitespace(from: index &+ 1)
        return index
    }
}
