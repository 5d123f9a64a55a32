/// Byte-level JSON token scanning over borrowed memory (RFC 8259), shared by the validator and the value parser.
///
/// Every method takes an index and returns the index after what it consumed, so callers keep the cursor in a
/// register. Nothing here allocates; problems are thrown as `Failure` (offset + problem) and turned into text
/// only when reported.
struct JSONScanner {
    /// A problem at a byte offset, thrown by the scanning methods.
    struct Failure: Error {
        let offset: Int
        let problem: JSONSyntaxProblem

        init(_ offset: Int, _ problem: JSONSyntaxProblem) {
            self.offset = offset
            self.problem = problem
        }
    }

    let base: UnsafeRawPointer
    let count: Int

    /// Callers guarantee `base` holds `count` readable bytes for the scanner's lifetime.
    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// The byte at `index`; callers check `index < count` first.
    @inline(__always)
    func byte(_ index: Int) -> UInt8 {
        // `load(as: UInt8.self)` is valid whatever type the memory is bound to, unlike assumingMemoryBound.
        base.load(fromByteOffset: index, as: UInt8.self)
    }

    /// Eight bytes at `index`, the first in the lowest bits; callers check `index + 8 <= count` first.
    @inline(__always)
    func word(_ index: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
    }

    /// Skips the four insignificant whitespace bytes of RFC 8259 §2 (space, tab, LF, CR).
    @inline(__always)
    func skipWhitespace(from start: Int) -> Int {
        var index = start
        while index < count, Self.isWhitespace(byte(index)) {
            index &+= 1
            // Pretty-printed bodies indent with runs of spaces: take them eight at a time.
            while index &+ 8 <= count, word(index) == 0x2020_2020_2020_2020 {
                index &+= 8
            }
        }
        return index
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        // Bits 9 (tab), 10 (LF), 13 (CR) and 32 (space).
        byte <= 0x20 && (UInt64(0x1_0000_2600) &>> UInt64(byte)) & 1 != 0
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 6
    }

    /// Scans the literal `word` (`true`, `false` or `null`) whose first byte is at `start`.
    @inline(__always)
    func scanLiteral(_ word: StaticString, at start: Int) throws(Failure) -> Int {
        let length = word.utf8CodeUnitCount
        // Fast path: compare the last four bytes at once ("true", "null", "alse"); the first already matched.
        if start &+ length <= count {
            let expected = UnsafeRawPointer(word.utf8Start).loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
            if base.loadUnaligned(fromByteOffset: start &+ length &- 4, as: UInt32.self) == expected {
                return start &+ length
            }
        }
        for offset in 1..<length {
            let index = start &+ offset
            guard index < count else { throw Failure(count, .unexpectedEnd(expected: .literal(word))) }
            let found = byte(index)
            guard found == word.utf8Start[offset] else {
                throw Failure(index, .unexpectedByte(found, expected: .literal(word)))
            }
        }
        return start &+ length
    }
}
