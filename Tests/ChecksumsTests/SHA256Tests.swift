import Checksums
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    /// FIPS 180-2 / NIST CAVP examples.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                + "mnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test func oneMillionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(SHA256.hash(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length 0..<200 (all padding edge cases around 55, 56, 63, 64 bytes), checked against Python's
    /// hashlib through one digest of all the digests.
    @Test func everyLengthUpTo200() {
        var digests: [UInt8] = []
        for length in 0..<200 { digests += SHA256.hash(TestBytes.pattern(length)) }
        #expect(Hex.encode(SHA256.hash(digests)) == "615d67a99b8c846e1f0582dfe127019e93c33a66e89ced6a4f81f932c82ece87")
    }

    @Test(arguments: [1, 3, 7, 13, 55, 56, 63, 64, 65, 127, 129, 1000])
    func chunkedUpdatesMatchOneShot(chunkSize: Int) {
        let message = TestBytes.pattern(1000)
        var hasher = SHA256()
        var start = 0
        while start < message.count {
            let end = min(start + chunkSize, message.count)
            hasher.update(Array(message[start..<end]))
            start = end
        }
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test func mixedChunkSizesAndPointerOverload() {
        let message = TestBytes.pattern(777)
        var hasher = SHA256()
        var start = 0
        var sizes = [0, 1, 2, 61, 64, 5, 128, 3, 200].makeIterator()
        message.withUnsafeBytes { raw in
            while start < raw.count {
                let end = min(start + (sizes.next() ?? 97), raw.count)
                hasher.update(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            }
        }
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test func finalizeStartsOver() {
        var hasher = SHA256()
        hasher.update(Array("abc".utf8))
        _ = hasher.finalize()
        #expect(Hex.encode(hasher.finalize()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
