/// Builds a `JSONValue` from bytes that `JSONSyntaxValidator` has already accepted.
///
/// Because the input is known to be well-formed, it checks nothing and only finds where each token ends; this
/// keeps one grammar (the validator's), so the two can never disagree on what is JSON. Like the validator it is
/// iterative: open containers live on an explicit stack, not the call stack.
struct JSONValueBuilder {
    /// An array or object whose closing bracket has not been reached yet.
    private struct OpenContainer {
        var isObject: Bool
        var elements: [JSONValue] = []
        var members: [(String, JSONValue)] = []
        /// The key read before the member value now being built.
        var pendingKey = ""
    }

    /// Must cover one complete JSON text that the validator accepted.
    let scanner: JSONScanner
    /// Reused buffer for strings that contain escapes.
    private var scratch: [UInt8] = []

    init(scanner: JSONScanner) {
        self.scanner = scanner
    }

    /// The value of the whole text.
    mutating func build() -> JSONValue {
        var stack: [OpenContainer] = []
        var index = scanner.skipWhitespace(from: 0)
        nextValue: while true {
            var value: JSONValue
            switch scanner.byte(index) {
            case UInt8(ascii: "{"):
                index = scanner.skipWhitespace(from: index &+ 1)
                if scanner.byte(index) == UInt8(ascii: "}") {
                    index &+= 1
                    value = .object([])
                } else {
                    let key: String
                    (key, index) = readMemberKey(at: index)
                    stack.append(OpenContainer(isObject: true, pendingKey: key))
                    continue nextValue
                }
            case UInt8(ascii: "["):
                index = scanner.skipWhitespace(from: index &+ 1)
                if scanner.byte(index) == UInt8(ascii: "]") {
                    index &+= 1
                    value = .array([])
                } else {
                    stack.append(OpenContainer(isObject: false))
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                let text: String
                (text, index) = readString(at: index)
                value = .string(text)
            case UInt8(ascii: "t"):
                index &+= 4
                value = .bool(true)
            case UInt8(ascii: "f"):
                index &+= 5
                value = .bool(false)
            case UInt8(ascii: "n"):
                index &+= 4
                value = .null
            default:
                let end = numberEnd(from: index)
                value = .number(makeString(from: index, to: end))
                index = end
            }

            // Attach the value to its container; close containers until a comma asks for another value.
            while let top = stack.indices.last {
                if stack[top].isObject {
                    let key = stack[top].pendingKey
                    stack[top].members.append((key, value))
                } else {
                    stack[top].elements.append(value)
                }
                index = scanner.skipWhitespace(from: index)
                if scanner.byte(index) == UInt8(ascii: ",") {
                    index = scanner.skipWhitespace(from: index &+ 1)
                    if stack[top].isObject { (stack[top].pendingKey, index) = readMemberKey(at: index) }
                    continue nextValue
                }
                index &+= 1  // the closing bracket
                let closed = stack.removeLast()
                value = closed.isObject ? .object(closed.members) : .array(closed.elements)
            }
            return value
        }
    }

    /// Reads `"key" :` and the whitespace after it.
    private mutating func readMemberKey(at start: Int) -> (String, Int) {
        let (key, afterKey) = readString(at: start)
        let colon = scanner.skipWhitespace(from: afterKey)
        return (key, scanner.skipWhitespace(from: colon &+ 1))
    }

    /// Reads the string whose opening quote is at `start`; returns its decoded text and the index after it.
    private mutating func readString(at start: Int) -> (String, Int) {
        var runStart = start &+ 1
        var escaped = false
        while true {
            let runEnd = quoteOrBackslash(from: runStart)
            if scanner.byte(runEnd) == UInt8(ascii: "\"") {
                // The common case, no escapes: one String straight from the input bytes.
                guard escaped else { return (makeString(from: runStart, to: runEnd), runEnd &+ 1) }
                appendToScratch(from: runStart, to: runEnd)
                return (String(decoding: scratch, as: UTF8.self), runEnd &+ 1)
            }
            if !escaped {
                scratch.removeAll(keepingCapacity: true)
                escaped = true
            }
            appendToScratch(from: runStart, to: runEnd)
            runStart = decodeEscape(at: runEnd)
        }
    }

    /// Index of the next `"` or `\` at or after `start` (one exists: the string is terminated).
    private func quoteOrBackslash(from start: Int) -> Int {
        var index = start
        while index &+ 8 <= scanner.count {
            let word = scanner.word(index)
            let quote = word ^ 0x2222_2222_2222_2222
            let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
            // As in JSONScanner.attentionMask: the lowest set bit marks the first zero byte exactly.
            let found =
                ((quote &- 0x0101_0101_0101_0101) & ~quote | (backslash &- 0x0101_0101_0101_0101) & ~backslash)
                & 0x8080_8080_8080_8080
            if found != 0 { return index &+ found.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while scanner.byte(index) != UInt8(ascii: "\""), scanner.byte(index) != UInt8(ascii: "\\") {
            index &+= 1
        }
        return index
    }

    /// Appends the decoded escape whose backslash is at `start` to `scratch`; returns the index after it.
    private mutating func decodeEscape(at start: Int) -> Int {
        let decoded: UInt8
        switch scanner.byte(start &+ 1) {
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
        if (0xD800..<0xDC00).contains(code), scanner.byte(end) == UInt8(ascii: "\\"),
            scanner.byte(end &+ 1) == UInt8(ascii: "u")
        {
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
            let digit = scanner.byte(index)
            let nibble = digit <= UInt8(ascii: "9") ? digit &- 0x30 : (digit | 0x20) &- 0x57
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    /// The index after the number literal starting at `start`.
    private func numberEnd(from start: Int) -> Int {
        var index = start &+ 1
        while index < scanner.count {
            switch scanner.byte(index) {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                UInt8(ascii: "+"), UInt8(ascii: "-"):
                index &+= 1
            default:
                return index
            }
        }
        return index
    }

    private func bytes(from start: Int, to end: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: scanner.base + start, count: end - start)
    }

    private func makeString(from start: Int, to end: Int) -> String {
        String(decoding: bytes(from: start, to: end), as: UTF8.self)
    }

    private mutating func appendToScratch(from start: Int, to end: Int) {
        scratch.append(contentsOf: bytes(from: start, to: end))
    }
}
