import Checksums
import Testing

@Suite("SipHash-2-4-128")
struct SipHash128Tests {
    /// The reference key 00 01 .. 0f, as two little-endian words.
    static let key: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908)

    /// The reference message of `count` bytes: 00 01 02 ..
    static func message(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0) } }

    /// The tag as the reference prints it: each word's bytes, little-endian.
    static func hex(_ tag: (UInt64, UInt64)) -> String {
        Hex.encode(withUnsafeBytes(of: tag.0.littleEndian, Array.init) + withUnsafeBytes(of: tag.1.littleEndian, Array.init))
    }

    /// Rows of `vectors_sip128` in the reference implementation's vectors.h (veorq/SipHash),
    /// across the word-boundary lengths.
    @Test(arguments: [
        (0, "a3817f04ba25a8e66df67214c7550293"),
        (1, "da87c1d86b99af44347659119b22fc45"),
        (7, "a1f1ebbed8dbc153c0b84aa61ff08239"),
        (8, "3b62a9ba6258f5610f83e264f31497b4"),
        (15, "5493e99933b0a8117e08ec0f97cfc3d9"),
        (16, "6ee2a4ca67b054bbfd3315bf85230577"),
        (63, "5150d1772f50834a503e069a973fbd7c"),
    ])
    func referenceVectors(length: Int, tag: String) {
        var hasher = SipHash128(key: Self.key)
        hasher.update(Self.message(length))
        #expect(Self.hex(hasher.finalize()) == tag)
    }

    /// Any split of the message into chunks gives the one-shot tag.
    @Test func chunkedInputMatchesOneShot() {
        let message = TestBytes.pattern(300)
        var whole = SipHash128(key: Self.key)
        whole.update(message)
        let expected = Self.hex(whole.finalize())
        for sizes in [[1, 7, 9, 16, 3, 100], [8, 8, 8, 1, 1, 1], [5, 3, 13, 64, 2, 200]] {
            var hasher = SipHash128(key: Self.key)
            var offset = 0
            var turn = 0
            while offset < message.count {
                let take = min(sizes[turn % sizes.count], message.count - offset)
                hasher.update(Array(message[offset..<offset + take]))
                offset += take
                turn += 1
            }
            #expect(Self.hex(hasher.finalize()) == expected, "chunks \(sizes)")
        }
    }

    @Test func theKeyChangesTheTag() {
        var first = SipHash128(key: Self.key)
        var second = SipHash128(key: (Self.key.0, Self.key.1 ^ 1))
        first.update(Self.message(20))
        second.update(Self.message(20))
        #expect(Self.hex(first.finalize()) != Self.hex(second.finalize()))
    }
}
