import Checksums
import Testing

@Suite struct KeyedIdentifierHashTests {
    static let key = (0..<32).map { UInt8($0) }

    /// The value Python's `hmac.new(bytes(range(32)), b"ada@example.edu", hashlib.sha256)` gives.
    @Test func isHMACSHA256OfTheNormalisedIdentifier() {
        let hash = KeyedIdentifierHash(key: Self.key)
        #expect(hash.hash("ada@example.edu") == "b278d6d5cd1ef8fed78071dcab01bd99e127980056a05c340fdf5a56484fa30b")
        #expect(hash.hash("  Ada@Example.EDU\n") == hash.hash("ada@example.edu"))
        #expect(hash.digest("ada@example.edu").count == 32)
    }

    @Test func anotherKeyOrIdentifierGivesAnotherHash() {
        let hash = KeyedIdentifierHash(key: Self.key)
        #expect(hash.hash("ada@example.edu") != hash.hash("charles@example.edu"))
        #expect(KeyedIdentifierHash(key: Self.key.reversed()).hash("ada@example.edu") != hash.hash("ada@example.edu"))
        #expect(KeyedIdentifierHash.normalized("\tÉlodie@Example.fr ") == "élodie@example.fr")
    }

    /// The byte-wise path for visible ASCII normalises as the Character path does, for every
    /// ASCII character alone and inside an identifier, and at either end.
    @Test func asciiIsNormalisedLikeEverythingElse() {
        func reference(_ text: String) -> String {
            String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()).lowercased()
        }
        for code in UInt32(0)..<0x80 {
            let character = String(Unicode.Scalar(code)!)
            for text in [character, "Ada" + character + "X", character + "aB", "Ab" + character, "7dNGUkKit2O" + character] {
                #expect(KeyedIdentifierHash.normalized(text) == reference(text), "U+\(String(code, radix: 16))")
            }
        }
    }
}
