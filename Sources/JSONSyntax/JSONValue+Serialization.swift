extension JSONValue {
    /// Compact JSON text: no whitespace, members in order, numbers as their literal text.
    ///
    /// Strings escape `"`, `\` and control characters (as `\n`, `\t`, ... or `\u00XX`); everything else is
    /// written as UTF-8. A `.number` built by hand must hold a valid JSON number literal; it is written as is.
    /// Iterative and linear in the output's size, whatever the depth.
    public func serialized() -> String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// A container being written: what is left of it after the element or member now being written.
    private enum OpenContainer {
        case array(ArraySlice<JSONValue>)
        case object(ArraySlice<(String, JSONValue)>)
    }

    /// Appends this value's compact text, keeping open containers on an explicit stack.
    func write(to output: inout [UInt8]) {
        var open: [OpenContainer] = []
        var next = self
        while true {
            switch next {
            case .null:
                output.append(contentsOf: "null".utf8)
            case .bool(let value):
                output.append(contentsOf: (value ? "true" : "false").utf8)
            case .number(let literal):
                output.append(contentsOf: literal.utf8)
            case .string(let text):
                Self.writeString(text, to: &output)
            case .array(let elements):
                output.append(UInt8(ascii: "["))
                if let first = elements.first {
                    open.append(.array(elements.dropFirst()))
                    next = first
                    continue
                }
                output.append(UInt8(ascii: "]"))
            case .object(let members):
                output.append(UInt8(ascii: "{"))
                if let (key, value) = members.first {
                    Self.writeString(key, to: &output)
                    output.append(UInt8(ascii: ":"))
                    open.append(.object(members.dropFirst()))
                    next = value
                    continue
                }
                output.append(UInt8(ascii: "}"))
            }
            // A value is complete: go on with its next sibling, closing containers that have none left.
            guard let sibling = Self.nextSibling(in: &open, output: &output) else { return }
            next = sibling
        }
    }

    /// Pops finished containers off `open` (writing their closing brackets) until one has a value left; writes
    /// the separator (and key) before that value and returns it. Nil when every container is closed.
    private static func nextSibling(in open: inout [OpenContainer], output: inout [UInt8]) -> JSONValue? {
        while let container = open.popLast() {
            switch container {
            case .array(let rest):
                if let element = rest.first {
                    output.append(UInt8(ascii: ","))
                    open.append(.array(rest.dropFirst()))
                    return element
                }
                output.append(UInt8(ascii: "]"))
            case .object(let rest):
                if let (key, value) = rest.first {
                    output.append(UInt8(ascii: ","))
                    writeString(key, to: &output)
                    output.append(UInt8(ascii: ":"))
                    open.append(.object(rest.dropFirst()))
                    return value
                }
                output.append(UInt8(ascii: "}"))
            }
        }
        return nil
    }

    /// Writes `text` as a JSON string (RFC 8259 §7: `"`, `\` and U+0000...U+001F must be escaped).
    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0x00..<0x20:
                let digits: StaticString = "0123456789abcdef"
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(digits.utf8Start[Int(byte >> 4)])
                output.append(digits.utf8Start[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
