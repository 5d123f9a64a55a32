import Delivery
import Dispatch
import Foundation
import Synchronization
import SystemIO
import Testing
@testable import Handlers

/// A run of events written together keeps the promises of one line at a time, in fewer calls.
@Suite struct FileSinkBatchTests {
    /// Runs a batch and returns its outcomes (with a timeout, so a test never hangs).
    /// True when every delivery got an outcome and each is delivered (an empty or short answer,
    /// as after a timeout, is not).
    static func allDelivered(_ handler: FileSinkHandler, _ deliveries: [Delivery]) -> Bool {
        let outcomes = outcomes(handler, deliveries)
        return outcomes.count == deliveries.count && outcomes.allSatisfy(SinkTest.isDelivered)
    }

    static func outcomes(_ handler: FileSinkHandler, _ deliveries: [Delivery]) -> [HandlerOutcome] {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<[HandlerOutcome]>([])
        handler.handle(batch: deliveries) { outcomes in
            box.withLock { $0 = outcomes }
            done.signal()
        }
        _ = done.wait(timeout: .now() + 10)
        return box.withLock { $0 }
    }

    /// Counts the sink's writes, failing half-way the ones numbered in `failing`.
    final class Writes: Sendable {
        private let count = Mutex(0)
        let failing: Set<Int>
        init(failing: Set<Int> = []) { self.failing = failing }
        var total: Int { count.withLock { $0 } }

        var failpoints: FileFailpoints {
            FileFailpoints { [self] step in
                guard case .write = step else { return .proceed }
                let number = count.withLock { $0 += 1; return $0 }
                return failing.contains(number) ? .writePartly(bytes: 100, errno: ENOSPC) : .proceed
            }
        }
    }

    @Test func aBatchIsOneWriteOfWholeLinesInOrder() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let writes = Writes()
        let handler = FileSinkHandler(
            name: "archive", template: try FilePathTemplate(dir + "/events.jsonl"), options: .init(fsync: true), failpoints: writes.failpoints)
        defer { handler.close() }
        #expect(handler.takesBatches)
        let outcomes = Self.outcomes(handler, (1...5).map { SinkTest.delivery($0) })
        #expect(outcomes.count == 5 && outcomes.allSatisfy(SinkTest.isDelivered))
        #expect(writes.total == 1)
        #expect(SinkTest.ids(dir + "/events.jsonl") == (1...5).map(SinkTest.hex))
        #expect(SinkTest.holdsOnlyWholeLines(dir + "/events.jsonl"))
    }

    /// A write that fails half-way leaves none of the batch in the file: the first event is
    /// reported failed and the rest not at all (they are tried again), and the retry writes
    /// each once.
    @Test func aFailedWriteLeavesNoneOfTheBatchAndStopsThere() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let writes = Writes(failing: [2])
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(path), failpoints: writes.failpoints)
        defer { handler.close() }
        #expect(Self.allDelivered(handler, [SinkTest.delivery(1)]))
        let failed = Self.outcomes(handler, (2...4).map { SinkTest.delivery($0) })
        #expect(failed.count == 1 && SinkTest.isFailed(failed.first))
        #expect(SinkTest.holdsOnlyWholeLines(path))
        #expect(SinkTest.ids(path) == [SinkTest.hex(1)])
        #expect(Self.allDelivered(handler, (2...4).map { SinkTest.delivery($0) }))
        #expect(SinkTest.ids(path) == (1...4).map(SinkTest.hex))
    }

    /// Files rotate at the same lines as when each event is written alone.
    @Test func aBatchRotatesWhereOneAtATimeWould() throws {
        let lineBytes = FileSinkHandler.line(for: SinkTest.delivery(1)).count
        let options = FileSinkHandler.Options(maxBytes: lineBytes * 2 + lineBytes / 2)
        var layouts: [[[String]]] = []
        for together in [false, true] {
            let dir = SinkTest.directory()
            defer { SinkTest.remove(dir) }
            let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/events.jsonl"), options: options)
            let deliveries = (1...7).map { SinkTest.delivery($0) }
            if together {
                #expect(Self.allDelivered(handler, deliveries))
            } else {
                for delivery in deliveries { #expect(SinkTest.isDelivered(SinkTest.outcome(handler, delivery))) }
            }
            handler.close()
            layouts.append(SinkTest.names(in: dir).map { SinkTest.ids(dir + "/" + $0) }.sorted { $0.first ?? "" < $1.first ?? "" })
        }
        #expect(layouts[0] == layouts[1])
        #expect(layouts[1].map(\.count) == [3, 3, 1])
    }

    /// A recovered batch skips the events the file already holds and writes the others once.
    @Test func aRecoveredBatchWritesOnlyWhatIsMissing() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let template = try FilePathTemplate(path)
        let before = FileSinkHandler(name: "archive", template: template)
        #expect(Self.allDelivered(before, [SinkTest.delivery(1), SinkTest.delivery(2)]))
        before.close()
        let restarted = FileSinkHandler(name: "archive", template: template)
        defer { restarted.close() }
        let outcomes = Self.outcomes(restarted, [2, 3, 1, 4].map { SinkTest.delivery($0, isRedelivery: true) })
        try #require(outcomes.count == 4)
        #expect(outcomes[0] == .alreadyDelivered && outcomes[2] == .alreadyDelivered)
        #expect(SinkTest.isDelivered(outcomes[1]) && SinkTest.isDelivered(outcomes[3]))
        #expect(SinkTest.ids(path) == [1, 2, 3, 4].map(SinkTest.hex))
    }
}
