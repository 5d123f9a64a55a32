extension JSONScanner {
    /// Scans a number (RFC 8259 §6) whose first byte, `-` or a digit, is at `start`.
    ///
    /// `number = [ minus ] int [ frac ] [ exp ]`, `int = zero / ( digit1-9 *DIGIT )`. The number ends at the
    /// first byte that cannot continue it; the caller decides whether that byte may follow a value.
    @inline(__always)
    func scanNumber(at start: Int) throws(Failure) -> Int {
        var index = start
        if byte(index) == UInt8(ascii: "-") {
            index &+= 1
            guard index < count, Self.isDigit(byte(index)) else {
                throw Failure(index, .missingDigit(after: UInt8(ascii: "-")))
            }
        }
        if byte(index) == UInt8(ascii: "0") {
            index &+= 1
            if index < count, Self.isDigit(byte(index)) { throw Failure(index, .leadingZero) }
        } else {
            index = skipDigits(from: index &+ 1)
        }
        if index < count, byte(index) == UInt8(ascii: ".") {
            index &+= 1
            guard index < count, Self.isDigit(byte(index)) else {
                throw Failure(index, .missingDigit(after: UInt8(ascii: ".")))
            }
            index = skipDigits(from: index &+ 1)
        }
        if index < count, byte(index) | 0x20 == UInt8(ascii: "e") {
            var marker = byte(index)
            index &+= 1
            if index < count, byte(index) == UInt8(ascii: "+") || byte(index) == UInt8(ascii: "-") {
                marker = byte(index)
                index &+= 1
            }
            guard index < count, Self.isDigit(byte(index)) else { throw Failure(index, .missingDigit(after: marker)) }
            index = skipDigits(from: index &+ 1)
        }
        return index
    }

    @inline(__always)
    func skipDigits(from start: Int) -> Int {
        var index = start
        while index < count, Self.isDigit(byte(index)) { index &+= 1 }
        return index
    }
}
