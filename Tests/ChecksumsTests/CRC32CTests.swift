import Checksums
import Testing

@Suite("CRC32C")
struct CRC32CTests {
    /// The check value, RFC 3720 §B.4's iSCSI examples, and two short inputs.
    static let vectors: [([UInt8], UInt32)] = [
        (Array("123456789".utf8), 0xE306_9283),
        ([], 0),
        (Array("a".utf8), 0xC1D0_4330),
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
    ]

    @Test(arguments: vectors)
    func knownValues(input: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(input) == expected)
        input.withUnsafeBytes { #expect(CRC32C.checksum($0) == expected) }
    }

    @Test func seedContinuesAnEarlierChecksum() {
        let message = TestBytes.pattern(1000)
        let whole = CRC32C.checksum(message)
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let first = CRC32C.checksum(Array(message[..<split]))
            #expect(CRC32C.checksum(Array(message[split...]), seed: first) == whole, "split at \(split)")
        }
    }

    /// The slice-by-8 path agrees with a bit-at-a-time reference at every length and alignment.
    @Test func agreesWithBitwiseReference() {
        let message = TestBytes.pattern(300)
        message.withUnsafeBytes { raw in
            for start in 0..<9 {
                for end in stride(from: start, through: raw.count, by: 1) where end - start < 80 || end == raw.count {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                    #expect(CRC32C.checksum(slice) == bitwiseCRC32C(slice), "bytes \(start)..<\(end)")
                }
            }
        }
    }

    /// The table path (what a CPU without the crc32 instruction gets) agrees with the reference
    /// too, and with `checksum` (the instruction, where there is one) at every length, alignment
    /// and seed.
    @Test func theTablePathAgreesWithTheReferenceAndTheInstruction() {
        let message = TestBytes.pattern(300)
        message.withUnsafeBytes { raw in
            for start in 0..<9 {
                for end in stride(from: start, through: raw.count, by: 1) where end - start < 80 || end == raw.count {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                    #expect(CRC32C.tableChecksum(slice) == bitwiseCRC32C(slice), "bytes \(start)..<\(end)")
                    for seed: UInt32 in [0, 1, 0xE306_9283, 0xFFFF_FFFF] {
                        #expect(CRC32C.tableChecksum(slice, seed: seed) == CRC32C.checksum(slice, seed: seed), "bytes \(start)..<\(end), seed \(seed)")
                    }
                }
            }
        }
    }

    #if arch(x86_64)
    /// Every x86-64 this runs on (and CI's) has SSE 4.2: the instruction is what is used.
    @Test func theInstructionIsUsedOnX86() {
        #expect(CRC32C.usesHardware)
    }
    #endif

    private func bitwiseCRC32C(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
