/// Where a record starts in the journal: its segment and byte offset. Enough to read the
/// record back (`Journal.read(at:)`), so a long backlog can wait on disk instead of in memory.
public struct JournalPosition: Sendable, Hashable {
    public let segment: JournalSegment
    public let offset: Int

    public init(segment: JournalSegment, offset: Int) {
        self.segment = segment
        self.offset = offset
    }
}
