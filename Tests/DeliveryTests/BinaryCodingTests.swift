import Testing
@testable import Delivery

/// The short strings of journal, index and checkpoint records: a little-endian UTF-8 length,
/// then the bytes, cut at 65,535.
@Suite struct BinaryCodingTests {
    @Test(arguments: ["", "attempt.completed", "Zoë", "\u{1F600} ada", String(repeating: "x", count: 65_535)])
    func aShortStringIsItsLengthThenItsBytes(text: String) {
        var writer = ByteWriter()
        writer.shortString(text)
        let utf8 = Array(text.utf8)
        #expect(writer.bytes == [UInt8(utf8.count & 0xFF), UInt8(utf8.count >> 8)] + utf8)
        var reader = ByteReader(writer.bytes)
        #expect(reader.shortString() == text)
        #expect(reader.remaining == 0)
    }

    @Test func aLongerStringIsCutAt65535Bytes() {
        var writer = ByteWriter()
        writer.shortString(String(repeating: "ab", count: 40_000))
        #expect(writer.bytes.count == 2 + 65_535)
        #expect(writer.bytes.prefix(2) == [0xFF, 0xFF])
        #expect(writer.bytes.dropFirst(2) == ArraySlice(Array(String(repeating: "ab", count: 40_000).utf8).prefix(65_535)))
    }
}
