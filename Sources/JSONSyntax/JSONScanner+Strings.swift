extension JSONScanner {
    /// Scans a string (RFC 8259 §7) whose opening quote is at `start`; returns the index after the closing quote
    /// and sets `escaped` when the string holds a backslash escape.
    ///
    /// Rejects unescaped control characters (< 0x20), unknown escapes, `\u` without four hex digits, and
    /// ill-formed UTF-8 (RFC 8259 §8.1, Unicode Table 3-7). `\u` escapes of lone surrogates are accepted: they
    /// are grammatical, and RFC 8259 §8.2 leaves their meaning to the receiver.
    @inline(__always)
    func scanString(at start: Int, escaped: inout Bool) throws(Failure) -> Int {
        var index = start &+ 1
        while true {
            // Fast path: eight bytes at a time, jumping straight to the first byte that needs attention.
            while index &+ 8 <= count {
                let attention = Self.attentionMask(word(index))
                if attention != 0 {
                    index &+= attention.trailingZeroBitCount &>> 3
                    break
                }
                index &+= 8
            }
            guard index < count else { throw Failure(start, .unterminatedString) }
            let current = byte(index)
            if current == UInt8(ascii: "\"") {
                return index &+ 1
            } else if current == UInt8(ascii: "\\") {
                escaped = true
                index = try scanEscape(at: index, stringStart: start)
            } else if current < 0x20 {
                throw Failure(index, .controlCharacterInString(current))
            } else if current < 0x80 {
                index &+= 1
            } else {
                index = try scanUTF8Sequence(at: index, stringStart: start)
            }
        }
    }

    /// The high bit of each byte of `word` (loaded little-endian) that is a quote, a backslash, a control
    /// character or non-ASCII; zero when all eight bytes are plain.
    ///
    /// The subtraction tricks can also flag a byte just above a flagged one (a borrow ripples upward), but never
    /// one below the first, so the lowest set bit is exact, and that is the only one callers use.
    @inline(__always)
    static func attentionMask(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ 0x2222_2222_2222_2222
        let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        return (word  // non-ASCII
            | ((word &- 0x2020_2020_2020_2020) & ~word)  // below 0x20
            | ((quote &- 0x0101_0101_0101_0101) & ~quote)  // zero byte in quote = a quote
            | ((backslash &- 0x0101_0101_0101_0101) & ~backslash)) & high
    }

    /// Scans `\x` or `\uXXXX` with the backslash at `start`.
    @inline(__always)
    func scanEscape(at start: Int, stringStart: Int) throws(Failure) -> Int {
        let kind = start &+ 1
        guard kind < count else { throw Failure(stringStart, .unterminatedString) }
        switch byte(kind) {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return start &+ 2
        case UInt8(ascii: "u"):
            for index in (start &+ 2)..<(start &+ 6) {
                guard index < count else { throw Failure(stringStart, .unterminatedString) }
                guard Self.isHexDigit(byte(index)) else { throw Failure(index, .invalidUnicodeEscape(byte(index))) }
            }
            return start &+ 6
        default:
            throw Failure(kind, .invalidEscape(byte(kind)))
        }
    }

    /// Checks one multi-byte UTF-8 sequence whose lead byte (>= 0x80) is at `start` (Unicode Table 3-7);
    /// a failure points at the lead byte.
    ///
    /// The second byte's range excludes overlongs (E0, F0), UTF-16 surrogates (ED) and code points above
    /// U+10FFFF (F4); C0, C1 and F5...FF never start a sequence.
    @inline(__always)
    func scanUTF8Sequence(at start: Int, stringStart: Int) throws(Failure) -> Int {
        let lead = byte(start)
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw Failure(start, .invalidUTF8Lead(lead))
        }
        for offset in 1..<length {
            let index = start &+ offset
            guard index < count else { throw Failure(stringStart, .unterminatedString) }
            let next = byte(index)
            let valid = offset == 1 ? (low...high).contains(next) : next & 0xC0 == 0x80
            // Reported at the lead byte: the sequence as a whole is what is ill-formed.
            guard valid else { throw Failure(start, .invalidUTF8Sequence(lead: lead)) }
        }
        return start &+ length
    }
}
