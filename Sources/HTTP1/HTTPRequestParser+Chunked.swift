extension HTTPRequestParser {
    /// Longest chunk-size line (size, extensions, CRLF) accepted.
    static let maxChunkLineBytes = 4096

    /// Chunked transfer coding, RFC 9112 §7.1: `chunk-size [chunk-ext] CRLF data CRLF ... 0 CRLF trailers CRLF`.
    mutating func parseChunked(_ start: ChunkPhase) throws(HTTPParseError) -> Event? {
        var phase = start
        while true {
            switch phase {
            case .size:
                guard let line = try takeLine(limit: Self.maxChunkLineBytes, tooLong: .bad("chunk size line too long")) else {
                    state = .chunked(phase)
                    return nil
                }
                let size = try Self.parseChunkSize(buffer[line])
                if size == 0 {
                    phase = .trailers(bytes: 0)
                } else {
                    // Compared by subtraction: `body.count + size` overflows (and traps) for a size
                    // near Int.max, and body.count never exceeds the limit.
                    guard size <= limits.maxBodyBytes - body.count else {
                        throw HTTPParseError(.contentTooLarge, "chunked body exceeds the limit of \(limits.maxBodyBytes) bytes")
                    }
                    phase = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, bufferedByteCount)
                body.append(contentsOf: buffer[consumed..<(consumed + take)])
                consumed += take
                guard take == remaining else {
                    state = .chunked(.data(remaining: remaining - take))
                    return nil
                }
                phase = .dataEnd
            case .dataEnd:
                guard bufferedByteCount >= 2 else {
                    state = .chunked(phase)
                    return nil
                }
                guard buffer[consumed] == 0x0D, buffer[consumed + 1] == 0x0A else {
                    throw .bad("chunk data not followed by CRLF")
                }
                consumed += 2
                phase = .size
            case .trailers(let bytes):
                let remainingAllowance = limits.maxHeaderBytes - bytes
                let tooLarge = HTTPParseError(.headerFieldsTooLarge, "trailer section larger than \(limits.maxHeaderBytes) bytes")
                guard let line = try takeLine(limit: remainingAllowance, tooLong: tooLarge) else {
                    state = .chunked(phase)
                    return nil
                }
                if line.isEmpty { return finishRequest() }
                _ = try Self.parseField(buffer[line])  // trailers are validated, then discarded
                phase = .trailers(bytes: bytes + line.count + 2)
            }
        }
    }

    /// Takes one CRLF-terminated line starting at `consumed`, returning its range without the
    /// CRLF; nil if no line end has arrived yet.
    private mutating func takeLine(limit: Int, tooLong: HTTPParseError) throws(HTTPParseError) -> Range<Int>? {
        let start = consumed
        let searchEnd = min(buffer.count, start + limit + 2)
        guard let lf = buffer[start..<searchEnd].firstIndex(of: 0x0A) else {
            if buffer.count - start > limit + 1 { throw tooLong }
            return nil
        }
        guard lf > start, buffer[lf - 1] == 0x0D else { throw .bad("line ends in LF without CR") }
        if buffer[start..<(lf - 1)].contains(0x0D) { throw .bad("bare CR in chunked framing") }
        consumed = lf + 1
        return start..<(lf - 1)
    }

    /// `1*HEXDIG [ chunk-ext ]`; extensions are checked for control characters and ignored.
    static func parseChunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = hexDigit(line[index]) {
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            guard !overflow else { throw .bad("chunk size overflows") }
            size = shifted + digit
            index += 1
        }
        guard index > line.startIndex else { throw .bad("chunk size is not hexadecimal") }
        let rest = line[index...]
        if let first = rest.first {
            guard first == UInt8(ascii: ";") || ByteClass.isWhitespace(first) else {
                throw .bad("chunk size is not hexadecimal")
            }
            guard rest.allSatisfy({ ByteClass.fieldValue[Int($0)] }) else {
                throw .bad("chunk extension contains a control character")
            }
            guard rest.contains(UInt8(ascii: ";")) else { throw .bad("chunk size is not hexadecimal") }
        }
        return size
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        default: return nil
        }
    }
}
