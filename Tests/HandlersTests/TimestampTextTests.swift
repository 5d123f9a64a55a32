import SystemIO
import Testing

/// The receipt time written into every file-handler line and log record.
@Suite struct TimestampTextTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_795_434_719_135, "2026-11-23T11:51:59.135Z"),
        (951_782_400_007, "2000-02-29T00:00:00.007Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func iso8601IsZeroPaddedUTCWithMilliseconds(milliseconds: Int64, text: String) {
        #expect(WallClock.iso8601(milliseconds: milliseconds) == text)
        var bytes = Array("x".utf8)
        WallClock.appendISO8601(milliseconds: milliseconds, to: &bytes)
        #expect(bytes == Array(("x" + text).utf8))
    }
}
