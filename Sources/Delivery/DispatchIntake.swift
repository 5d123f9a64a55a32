/// Events waiting to be decoded and handed to handlers, in arrival order. At most `memoryLimit`
/// of them keep their body in memory; past that only their journal position is kept and the
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

    let memoryLimit: Int
    private var items: [Item] = []
    private var head = 0
    private var inMemory = 0
    /// True while a drain is scheduled or running.
    var draining = false

    init(memoryLimit: Int) {
        self.memoryLimit = memoryLimit
    }

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

    mutating func add(_ record: EventRecord, at position: JournalPosition, done: Set<String>, isRedelivery: Bool) {
        let keep = inMemory < memoryLimit
        if keep { inMemory += 1 }
        items.append(Item(position: position, record: keep ? record : nil, done: done, isRedelivery: isRedelivery))
    }

    mutating func next() -> Item? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if item.record != nil { inMemory -= 1 }
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
