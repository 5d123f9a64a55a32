/// Events waiting to be decoded and handed to handlers, in arrival order. Bodies up to
/// `memoryBudget` bytes in all are kept in memory; past that only their journal position is kept and the
/// record is read back when its turn comes, so a burst larger than the handlers' pace costs
/// disk reads, not memory.
struct DispatchIntake {
    struct Item {
        let position: JournalPosition
        /// The record, while it is kept in memory.
        var record: EventRecord?
        let done: Set<String>
        let isRedelivery: Bool
    }

    let memoryBudget: Int
    private var items: [Item] = []
    private var head = 0
    private var bytesInMemory = 0
    /// True while a drain is scheduled or running.
    var draining = false

    init(memoryBudget: Int) {
        self.memoryBudget = memoryBudget
    }

    var isEmpty: Bool { head == items.count }

    mutating func add(_ record: EventRecord, at position: JournalPosition, done: Set<String>, isRedelivery: Bool) {
        let keep = bytesInMemory + record.body.count <= memoryBudget
        if keep { bytesInMemory += record.body.count }
        items.append(Item(position: position, record: keep ? record : nil, done: done, isRedelivery: isRedelivery))
    }

    mutating func next() -> Item? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if let record = item.record { bytesInMemory -= record.body.count }
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
