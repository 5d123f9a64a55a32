import Testing
@testable import Delivery

@Suite struct EventTrackingTests {
    let first = JournalSegment(sequence: 1)
    let second = JournalSegment(sequence: 2)
    let id = EventID(rawValue: 42)

    /// A replay journals another copy of an event still in flight: neither segment may be
    /// deleted until every handler of either copy is done, and the counts come back to zero.
    @Test func aReplayOfAnOpenEventKeepsBothSegmentsUntilItIsDone() {
        var tracking = EventTracking()
        tracking.open(id, segment: first, handlers: ["log", "file"])
        tracking.open(EventID(rawValue: 43), segment: second, handlers: ["log"])
        tracking.open(id, segment: second, handlers: ["file"])
        #expect(tracking.finishedSegments().isEmpty)
        tracking.close(id, handler: "file")
        #expect(tracking.finishedSegments().isEmpty, "log still waits on the original")
        tracking.close(id, handler: "log")
        #expect(tracking.finishedSegments() == [first], "the second segment still holds event 43")
        tracking.close(EventID(rawValue: 43), handler: "log")
        #expect(tracking.finishedSegments() == [first, second])
        #expect(tracking.openCount == 0)
    }

    /// Claiming an event for quarantine does not finish it: only the written quarantine entry
    /// (close with "*") does, so a failed write leaves the segment in place.
    @Test func aQuarantineClaimKeepsTheEventOpenUntilClosed() {
        var tracking = EventTracking()
        tracking.open(id, segment: first, handlers: ["log", "file"])
        let claimed = tracking.claimForQuarantine(id)
        let claimedAgain = tracking.claimForQuarantine(id)
        #expect(claimed)
        #expect(!claimedAgain, "a second handler must not quarantine it again")
        #expect(tracking.finishedSegments().isEmpty)
        tracking.close(id, handler: "*")
        #expect(tracking.finishedSegments() == [first])
        let claimedAfterClose = tracking.claimForQuarantine(id)
        #expect(!claimedAfterClose)
    }
}
