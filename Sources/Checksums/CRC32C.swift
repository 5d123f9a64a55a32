import CCRC32C

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of iSCSI (RFC 3720 §12.1) and ext4;
/// used to frame journal records.
///
/// With the CPU's crc32 instruction where it has one (SSE 4.2, checked at run time; about 8 times
/// faster, which matters for 64 KB event records), else table-driven, slice-by-8: eight bytes per
/// step through eight 256-entry tables (8 KB, built once).
public struct CRC32C: Sendable {
    /// Whether `checksum` uses the crc32 instruction on this machine.
    public static let usesHardware = ccrc32c_hardware_available() == 1

    /// The checksum of `bytes`. Pass an earlier result as `seed` to continue it:
    /// `checksum(b, seed: checksum(a)) == checksum(a + b)`. The check value of `"123456789"` is 0xE3069283.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return seed }
        if usesHardware { return ~ccrc32c_hardware_update(~seed, base, bytes.count) }
        return tableChecksum(bytes, seed: seed)
    }

    /// The slice-by-8 checksum, whatever the CPU (what `checksum` falls back to).
    public static func tableChecksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return seed }
        let count = bytes.count
        var crc = ~seed
        var index = 0
        table.withUnsafeBufferPointer { table in
            while index &+ 8 <= count {
                let low = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self)) ^ crc
                let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index &+ 4, as: UInt32.self))
                // Table k advances a byte through k further zero bytes, so the eight lookups line up.
                crc = table[7 &* 256 &+ Int(low & 0xFF)]
                    ^ table[6 &* 256 &+ Int((low &>> 8) & 0xFF)]
                    ^ table[5 &* 256 &+ Int((low &>> 16) & 0xFF)]
                    ^ table[4 &* 256 &+ Int(low &>> 24)]
                    ^ table[3 &* 256 &+ Int(high & 0xFF)]
                    ^ table[2 &* 256 &+ Int((high &>> 8) & 0xFF)]
                    ^ table[1 &* 256 &+ Int((high &>> 16) & 0xFF)]
                    ^ table[Int(high &>> 24)]
                index &+= 8
            }
            while index < count {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc &>> 8)
                index &+= 1
            }
        }
        return ~crc
    }

    /// The checksum of `bytes`, optionally continuing from `seed` (see the pointer overload).
    public static func checksum(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, seed: seed) }
    }

    /// Eight tables of 256 entries, back to back: table 0 is the classic byte table, table k the CRC of a
    /// byte followed by k zero bytes.
    static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()
}
