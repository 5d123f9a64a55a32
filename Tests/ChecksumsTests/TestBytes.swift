/// Helpers for writing test vectors.
enum TestBytes {
    /// Bytes from hex text; spaces are ignored.
    static func fromHex(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { $0 != " " }.utf8)
        precondition(digits.count % 2 == 0, "odd number of hex digits")
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    /// A deterministic, non-repeating-looking message of `count` bytes.
    static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    }
}
