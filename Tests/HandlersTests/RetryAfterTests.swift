import Testing
@testable import Handlers

@Suite struct RetryAfterTests {
    /// 1994-11-06T08:49:37Z, the RFC 9110 example date.
    static let example: Int64 = 784_111_777_000

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func allThreeHTTPDateFormsParse(text: String) {
        #expect(HTTPDate.milliseconds(text) == Self.example)
    }

    @Test(arguments: ["", "tomorrow", "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:00:00 GMT", "-5", "1.5"])
    func nonsenseIsNotADate(text: String) {
        #expect(RetryAfter.seconds(text, nowMilliseconds: Self.example) == nil)
    }

    @Test func secondsAndDatesBecomeADelay() {
        #expect(RetryAfter.seconds("120", nowMilliseconds: 0) == 120)
        #expect(RetryAfter.seconds(" 0 ", nowMilliseconds: 0) == 0)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", nowMilliseconds: Self.example - 30_000) == 30)
        // A date in the past means "now", never a negative delay.
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", nowMilliseconds: Self.example + 5_000) == 0)
    }

    @Test func leapYearsAndCenturiesCountRight() {
        #expect(HTTPDate.milliseconds("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(HTTPDate.milliseconds("Tue, 29 Feb 2000 00:00:00 GMT") == 951_782_400_000)
        #expect(HTTPDate.milliseconds("Mon, 23 Nov 2026 11:21:07 GMT") == 1_795_432_867_000)
    }
}
