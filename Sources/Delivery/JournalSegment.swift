/// One journal file: `segment-<sequence>.log`, sequences increasing.
public struct JournalSegment: Sendable, Hashable, Comparable {
    /// The segment's sequence number.
    public let sequence: UInt64

    static let prefix = "segment-"
    static let suffix = ".log"

    /// The file name, with the sequence zero-padded so names sort in order.
    public var fileName: String {
        let digits = String(sequence)
        return Self.prefix + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + Self.suffix
    }

    public init(sequence: UInt64) {
        self.sequence = sequence
    }

    init?(fileName: String) {
        guard fileName.hasPrefix(Self.prefix), fileName.hasSuffix(Self.suffix) else { return nil }
        let digits = fileName.dropFirst(Self.prefix.count).dropLast(Self.suffix.count)
        guard let value = UInt64(digits) else { return nil }
        sequence = value
    }

    public static func < (lhs: JournalSegment, rhs: JournalSegment) -> Bool { lhs.sequence < rhs.sequence }
}
