import Checksums
import Testing

@Suite("Hex")
struct HexTests {
    @Test func encodesLowercasePairs() {
        #expect(Hex.encode([]) == "")
        #expect(Hex.encode([0x00, 0x0F, 0x10, 0xAB, 0xFF]) == "000f10abff")
        #expect(Hex.encode((0...255).map { UInt8($0) }).count == 512)
    }

    @Test func roundTripsThroughTheTestDecoder() {
        let bytes = TestBytes.pattern(256)
        #expect(TestBytes.fromHex(Hex.encode(bytes)) == bytes)
    }
}
