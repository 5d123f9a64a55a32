import JSONSyntax

/// A JSON value written with two-space indentation, members in their order, for reading in
/// the console.
enum PrettyJSON {
    static func render(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1), closing = String(repeating: "  ", count: indent)
        switch value {
        case _ where indent > 64:
            out += value.serialized()  // deeper than anyone reads: the rest on one line
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (index, (name, member)) in members.enumerated() {
                out += pad + JSONValue.string(name).serialized() + ": "
                write(member, indent: indent + 1, into: &out)
                out += index < members.count - 1 ? ",\n" : "\n"
            }
            out += closing + "}"
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 1, into: &out)
                out += index < items.count - 1 ? ",\n" : "\n"
            }
            out += closing + "]"
        default:
            out += value.serialized()
        }
    }
}
