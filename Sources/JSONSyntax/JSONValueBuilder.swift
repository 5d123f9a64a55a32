/// The sink of `JSONValue(parsing:)`: builds the value from the pieces `JSONParser` reports.
///
/// The parser has checked each piece before handing it over, so the builder checks nothing: it only decodes
/// strings and keeps number literals as text. Open containers live on an explicit stack, not the call stack.
struct JSONValueBuilder: JSONTokenSink {
    /// An array or object whose closing bracket has not been reached yet.
    private struct OpenContainer {
        var isObject: Bool
        var elements: [JSONValue] = []
        var members: [(String, JSONValue)] = []
        /// The key read before the member value now being built.
        var pendingKey = ""
    }

    /// The whole input; the parser's offsets index into it.
    private let bytes: UnsafeRawBufferPointer
    private var stack: [OpenContainer] = []
    /// The outermost value, once it is complete.
    private(set) var value: JSONValue = .null
    /// Reused buffer for strings that contain escapes.
    private var scratch: [UInt8] = []

    /// `bytes` must stay valid while the builder is fed.
    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func string(start: Int, end: Int, escaped: Bool) {
        attach(.string(text(start: start, end: end, escaped: escaped)))
    }

    mutating func key(start: Int, end: Int, escaped: Bool) {
        stack[stack.count &- 1].pendingKey = text(start: start, end: end, escaped: escaped)
    }

    mutating func number(start: Int, end: Int) {
        attach(.number(String(decoding: slice(start, end), as: UTF8.self)))
    }

    mutating func bool(_ value: Bool) { attach(.bool(value)) }

    mutating func null() { attach(.null) }

    mutating func openArray() { stack.append(OpenContainer(isObject: false)) }

    mutating func closeArray() { attach(.array(stack.removeLast().elements)) }

    mutating func openObject() { stack.append(OpenContainer(isObject: true)) }

    mutating func closeObject() { attach(.object(stack.removeLast().members)) }

    /// Adds a finished value to the innermost open container, or makes it the result.
    private mutating func attach(_ finished: JSONValue) {
        guard !stack.isEmpty else {
            value = finished
            return
        }
        let top = stack.count &- 1
        if stack[top].isObject {
            let key = stack[top].pendingKey
            stack[top].members.append((key, finished))
        } else {
            stack[top].elements.append(finished)
        }
    }

    private func slice(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// The decoded text of the string whose quotes are at `start` and `end - 1`.
    private mutating func text(start: Int, end: Int, escaped: Bool) -> String {
        // The common case, no escapes: one String straight from the input bytes (already checked as UTF-8).
        guard escaped else { return String(decoding: slice(start &+ 1, end &- 1), as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        var runStart = start &+ 1
        let close = end &- 1
        while true {
            let backslash = nextBackslash(from: runStart, before: close)
            scratch.append(contentsOf: slice(runStart, backslash))
            if backslash == close { break }
            runStart = decodeEscape(at: backslash)
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Index of the next `\` at or after `start`, or `end` when there is none before it.
    private func nextBackslash(from start: Int, before end: Int) -> Int {
        var index = start
        while index &+ 8 <= end {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
            // As in JSONScanner.attentionMask: the lowest set bit marks the first zero byte exactly.
            let found = (backslash &- 0x0101_0101_0101_0101) & ~backslash & 0x8080_8080_8080_8080
            if found != 0 { return index &+ found.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while index < end, bytes[index] != UInt8(ascii: "\\") { index &+= 1 }
        return index
    }

    /// Appends the decoded escape whose backslash is at `start` to `scratch`; returns the index after it.
    private mutating func decodeEscape(at start: Int) -> Int {
        let decoded: UInt8
        switch bytes[start &+ 1] {
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"): return decodeUnicodeEscape(at: start)
        case let other: decoded = other  // `"`, `\` and `/` stand for themselves
        }
        scratch.append(decoded)
        return start &+ 2
    }

    /// Decodes `\uXXXX`, joining a high and a low surrogate escape into one scalar (RFC 8259 §7).
    private mutating func decodeUnicodeEscape(at start: Int) -> Int {
        var code = hexValue(at: start &+ 2)
        var end = start &+ 6
        // Reading past `end` stays inside the input: the string's closing quote comes later.
        if (0xD800..<0xDC00).contains(code), bytes[end] == UInt8(ascii: "\\"), bytes[end &+ 1] == UInt8(ascii: "u") {
            let low = hexValue(at: end &+ 2)
            if (0xDC00..<0xE000).contains(low) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                end &+= 6
            }
        }
        // A lone surrogate is not a Unicode scalar; U+FFFD is the usual stand-in.
        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
        UTF8.encode(scalar) { scratch.append($0) }
        return end
    }

    /// The value of the four hex digits at `start`.
    private func hexValue(at start: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in start..<(start &+ 4) {
            let digit = bytes[index]
            let nibble = digit <= UInt8(ascii: "9") ? digit &- 0x30 : (digit | 0x20) &- 0x57
            value = value << 4 | UInt32(nibble)
        }
        return value
    }
}
