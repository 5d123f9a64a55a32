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
}
