import Checksums
import SystemIO

/// The delivery state written down at a journal position, so start-up reads the checkpoint and
/// only the journal written after it, instead of every segment.
///
/// It holds every unsettled event's state, the de-duplication index, and the position: every
/// event record before `position` is reflected in it. Changes written after it are applied
/// again on top, which is harmless: a change applies only over an older one.
///
/// On disk (`journal/checkpoint`, mode 0600): a magic and version, the payload, and a CRC32C
/// of it; written atomically (temporary file, fsync, rename, directory fsync). A checkpoint
/// that is missing or damaged is ignored: start-up then reads the whole journal.
public struct Checkpoint: Sendable {
    public var position: JournalPosition
    public var ledger: Ledger
    public var deduplication: DeduplicationIndex.Snapshot

    static let magic: [UInt8] = Array("SWCK".utf8)
    static let version: UInt8 = 1
    public static let fileName = "checkpoint"

    public init(position: JournalPosition, ledger: Ledger, deduplication: DeduplicationIndex.Snapshot) {
        self.position = position
        self.ledger = ledger
        self.deduplication = deduplication
    }

    /// Writes the checkpoint into `directory` atomically.
    public func write(to directory: String) throws(SystemError) {
        try FileSystem.writeAtomically(encoded(), to: directory + "/" + Self.fileName, mode: 0o600)
    }

    /// The checkpoint in `directory`, nil when there is none or it is damaged (with why).
    public static func read(from directory: String) -> (Checkpoint?, problem: String?) {
        let path = directory + "/" + fileName
        guard FileSystem.exists(path) else { return (nil, nil) }
        guard let bytes = try? FileSystem.readFile(path) else { return (nil, "cannot read \(path)") }
        guard let checkpoint = decode(bytes) else { return (nil, "\(path) is damaged; reading the whole journal instead") }
        return (checkpoint, nil)
    }

    /// Removes the checkpoint (after the journal was rewritten under it).
    public static func remove(from directory: String) {
        try? FileSystem.remove(directory + "/" + fileName)
    }

    func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.bytes += Self.magic
        out.u8(Self.version)
        out.u64(position.segment.sequence)
        out.u64(UInt64(position.offset))
        out.u64(ledger.lastSequence)
        out.u64(ledger.lastEventID?.rawValue ?? 0)
        out.u32(UInt32(ledger.entries.count))
        for entry in ledger.entries.values.sorted(by: { $0.id < $1.id }) { entry.encode(into: &out) }
        out.u64(deduplication.key.0)
        out.u64(deduplication.key.1)
        out.u32(UInt32(deduplication.entries.count))
        for item in deduplication.entries {
            out.u64(item.key.high)
            out.u64(item.key.low)
            out.u64(item.id.rawValue)
            out.u64(UInt64(bitPattern: item.receivedAt))
        }
        let checksum = out.bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[Self.magic.count...])) }
        out.u32(checksum)
        return out.bytes
    }

    static func decode(_ bytes: [UInt8]) -> Checkpoint? {
        guard bytes.count > magic.count + 5, Array(bytes.prefix(magic.count)) == magic else { return nil }
        let bodyEnd = bytes.count - 4
        var tail = ByteReader(bytes, from: bodyEnd)
        let checksum = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[magic.count..<bodyEnd])) }
        guard tail.u32() == checksum else { return nil }
        var reader = ByteReader(bytes, from: magic.count, to: bodyEnd)
        guard reader.u8() == version, let segment = reader.u64(), let offset = reader.u64(), let sequence = reader.u64(),
              let lastID = reader.u64(), let count = reader.u32()
        else { return nil }
        var ledger = Ledger()
        ledger.noteSequence(sequence)
        if lastID > 0 { ledger.noteEventID(EventID(rawValue: lastID)) }
        for _ in 0..<count {
            guard let entry = LedgerEntry(decoding: &reader) else { return nil }
            ledger.restore(entry)
        }
        guard let high = reader.u64(), let low = reader.u64(), let dedupCount = reader.u32() else { return nil }
        var items: [DeduplicationIndex.Snapshot.Item] = []
        items.reserveCapacity(Int(dedupCount))
        for _ in 0..<dedupCount {
            guard let keyHigh = reader.u64(), let keyLow = reader.u64(), let id = reader.u64(), let at = reader.u64() else { return nil }
            items.append(.init(key: .init(high: keyHigh, low: keyLow), id: EventID(rawValue: id), receivedAt: Int64(bitPattern: at)))
        }
        return Checkpoint(
            position: JournalPosition(segment: JournalSegment(sequence: segment), offset: Int(offset)), ledger: ledger,
            deduplication: .init(key: (high, low), entries: items))
    }
}

extension LedgerEntry {
    func encode(into out: inout ByteWriter) {
        out.u64(id.rawValue)
        out.u64(UInt64(bitPattern: receivedAt))
        out.shortString(route)
        out.shortString(kind)
        out.shortString(requestID)
        out.u64(position.segment.sequence)
        out.u64(UInt64(position.offset))
        out.u32(UInt32(clamping: bodyBytes))
        out.u64(sequence)
        if let quarantine {
            out.u8(1)
            out.shortString(quarantine.reason)
            out.u64(UInt64(bitPattern: quarantine.since))
        } else {
            out.u8(0)
        }
        out.u16(handlers.count)
        for progress in handlers {
            out.shortString(progress.handler)
            out.u8(progress.status.rawValue)
            out.u32(UInt32(clamping: progress.attempts))
            out.u64(UInt64(bitPattern: progress.nextAt ?? -1))
            out.shortString(progress.lastError ?? "")
            out.u16(progress.lastStatusCode ?? 0)
            out.u32(UInt32(clamping: progress.budgetAttempts))
            out.u64(UInt64(bitPattern: progress.budgetSince))
            out.u64(UInt64(bitPattern: progress.changedAt))
            out.u64(progress.sequence)
        }
    }

    init?(decoding reader: inout ByteReader) {
        guard let id = reader.u64(), let received = reader.u64(), let route = reader.shortString(), let kind = reader.shortString(),
              let requestID = reader.shortString(), let segment = reader.u64(), let offset = reader.u64(), let bodyBytes = reader.u32(),
              let sequence = reader.u64(), let quarantined = reader.u8()
        else { return nil }
        var quarantine: Quarantine?
        if quarantined == 1 {
            guard let reason = reader.shortString(), let since = reader.u64() else { return nil }
            quarantine = Quarantine(reason: reason, since: Int64(bitPattern: since))
        }
        guard let count = reader.u16() else { return nil }
        var handlers: [HandlerProgress] = []
        for _ in 0..<count {
            guard let name = reader.shortString(), let raw = reader.u8(), let status = DeliveryStatus(rawValue: raw),
                  let attempts = reader.u32(), let next = reader.u64(), let error = reader.shortString(), let code = reader.u16(),
                  let budgetAttempts = reader.u32(), let budgetSince = reader.u64(), let changedAt = reader.u64(), let progressSequence = reader.u64()
            else { return nil }
            var progress = HandlerProgress(handler: name, receivedAt: Int64(bitPattern: received))
            progress.status = status
            progress.attempts = Int(attempts)
            progress.nextAt = Int64(bitPattern: next) < 0 ? nil : Int64(bitPattern: next)
            progress.lastError = error.isEmpty ? nil : error
            progress.lastStatusCode = code == 0 ? nil : code
            progress.budgetAttempts = Int(budgetAttempts)
            progress.budgetSince = Int64(bitPattern: budgetSince)
            progress.changedAt = Int64(bitPattern: changedAt)
            progress.sequence = progressSequence
            handlers.append(progress)
        }
        self.init(
            id: EventID(rawValue: id), receivedAt: Int64(bitPattern: received), route: route, kind: kind, requestID: requestID,
            position: JournalPosition(segment: JournalSegment(sequence: segment), offset: Int(offset)), bodyBytes: Int(bodyBytes),
            handlers: handlers, quarantine: quarantine, sequence: sequence)
    }
}
