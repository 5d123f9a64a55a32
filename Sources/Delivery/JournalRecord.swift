import Checksums

/// One entry of the journal. On disk: `u32 length, u32 CRC32C(payload), payload`, where the
/// payload starts with a type byte. The checksum finds torn or corrupted tails after a crash.
public enum JournalRecord: Sendable, Equatable {
    case event(EventRecord)
    case ack(AckRecord)

    static let frameHeaderBytes = 8

    /// The framed bytes of this record, built in one buffer: the header's length and checksum
    /// are filled in once the payload is written behind them (no second copy of the body).
    func framed() -> [UInt8] {
        var frame = ByteWriter()
        if case .event(let event) = self { frame.bytes.reserveCapacity(event.body.count + 256) }
        frame.u32(0)
        frame.u32(0)
        switch self {
        case .event(let event):
            frame.u8(1)
            frame.u64(event.id.rawValue)
            frame.u64(UInt64(bitPattern: event.receivedAt))
            frame.shortString(event.route)
            frame.shortString(event.kind)
            frame.u16(event.handlers.count)
            event.handlers.forEach { frame.shortString($0) }
            frame.shortString(event.requestID)
            frame.shortString(event.contentType)
            frame.blob(event.body)
        case .ack(let ack):
            frame.u8(2)
            frame.u64(ack.id.rawValue)
            frame.u8(ack.outcome.rawValue)
            frame.shortString(ack.handler)
        }
        let payloadLength = frame.bytes.count - Self.frameHeaderBytes
        let checksum = frame.bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[Self.frameHeaderBytes...])) }
        frame.bytes.withUnsafeMutableBytes { header in
            header.storeBytes(of: UInt32(payloadLength).littleEndian, toByteOffset: 0, as: UInt32.self)
            header.storeBytes(of: checksum.littleEndian, toByteOffset: 4, as: UInt32.self)
        }
        return frame.bytes
    }

    /// What reading one frame at an offset found.
    enum Decoded {
        case record(JournalRecord, next: Int)
        /// Fewer bytes than a whole frame: a write that a crash cut short.
        case truncated
        /// A whole frame whose checksum or contents are wrong.
        case corrupt(String)
    }

    static func decode(_ bytes: [UInt8], at offset: Int) -> Decoded {
        var header = ByteReader(bytes, from: offset)
        guard let length = header.u32().map(Int.init), let checksum = header.u32() else { return .truncated }
        guard header.remaining >= length else { return .truncated }
        let payloadStart = header.offset
        let payloadEnd = payloadStart + length
        let actual = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[payloadStart..<payloadEnd])) }
        guard actual == checksum else { return .corrupt("checksum mismatch at byte \(offset)") }
        var reader = ByteReader(bytes, from: payloadStart, to: payloadEnd)
        switch reader.u8() {
        case 1:
            guard let id = reader.u64(), let received = reader.u64(), let route = reader.shortString(),
                  let kind = reader.shortString(), let handlerCount = reader.u16()
            else { return .corrupt("short event record at byte \(offset)") }
            var handlers: [String] = []
            for _ in 0..<handlerCount {
                guard let name = reader.shortString() else { return .corrupt("short handler list at byte \(offset)") }
                handlers.append(name)
            }
            guard let requestID = reader.shortString(), let contentType = reader.shortString(), let body = reader.blob() else {
                return .corrupt("short event record at byte \(offset)")
            }
            let event = EventRecord(
                id: EventID(rawValue: id), receivedAt: Int64(bitPattern: received), route: route, kind: kind,
                handlers: handlers, requestID: requestID, contentType: contentType, body: body)
            return .record(.event(event), next: payloadEnd)
        case 2:
            guard let id = reader.u64(), let raw = reader.u8(), let outcome = AckRecord.Outcome(rawValue: raw),
                  let handler = reader.shortString()
            else { return .corrupt("bad ack record at byte \(offset)") }
            return .record(.ack(AckRecord(id: EventID(rawValue: id), handler: handler, outcome: outcome)), next: payloadEnd)
        default:
            return .corrupt("unknown record type at byte \(offset)")
        }
    }
}
