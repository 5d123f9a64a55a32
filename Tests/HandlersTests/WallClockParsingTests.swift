import SystemIO
import Testing

/// Reading back the timestamps the receiver writes (a sink line's `receivedAt`, for retention).
@Suite struct WallClockParsingTests {
    @Test(arguments: [Int64(0), 1_795_433_919_135, 951_782_400_000, -86_400_001, 253_402_300_799_999])
    func writtenTimesReadBack(milliseconds: Int64) {
        let text = WallClock.iso8601(milliseconds: milliseconds)
        #expect(WallClock.milliseconds(iso8601: Array(text.utf8)) == milliseconds, "\(text)")
    }

    @Test func secondsWithoutAFractionAreRead() {
        #expect(WallClock.milliseconds(iso8601: Array("2026-11-23T11:38:39Z".utf8)) == 1_795_433_919_000)
    }

    @Test(arguments: ["", "2026-11-23", "2026-11-23T11:38:39.135", "2026-13-23T11:38:39.135Z", "2026-11-23T11:38:39.135+01:00", "2026-11-23 11:38:39.135Z", "2026-11-23T1a:38:39.135Z"])
    func otherTextIsRefused(text: String) {
        #expect(WallClock.milliseconds(iso8601: Array(text.utf8)) == nil)
    }
}
