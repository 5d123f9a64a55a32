/// The `Retry-After` response header (RFC 9110 §10.2.3): either a number of seconds or an
/// HTTP-date, turned into seconds from now.
enum RetryAfter {
    /// Seconds to wait, never negative; nil when the value is neither form.
    /// `nowMilliseconds` is the current time, for the HTTP-date form.
    static func seconds(_ value: String, nowMilliseconds: Int64) -> Double? {
        let text = value.trimmingSpaces()
        // delay-seconds = 1*DIGIT
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Double(text)
        }
        guard let date = HTTPDate.milliseconds(text) else { return nil }
        return max(0, Double(date - nowMilliseconds) / 1000)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
