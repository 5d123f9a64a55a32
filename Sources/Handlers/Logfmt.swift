import JSONSyntax

/// logfmt value quoting, shared by the event log and the operational log.
public enum Logfmt {
    /// The value bare when it has no space, quote, `=` or control character; else as a JSON string.
    public static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && !value.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.value < 0x20 }
        return plain ? value : JSONValue.string(value).serialized()
    }
}
