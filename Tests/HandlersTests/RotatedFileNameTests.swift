import Testing
@testable import Handlers

/// The names rotated files get, and reading them back.
@Suite struct RotatedFileNameTests {
    @Test(arguments: [
        ("/d/events.jsonl.20261123T113839.135Z", "/d/events.jsonl"),
        ("/d/events.jsonl.20261123T113839.135Z.2", "/d/events.jsonl"),
        ("/d/events.jsonl.20261123T113839.135Z.12", "/d/events.jsonl"),
        ("/d/2026-11-23.jsonl.20261124T000000.000Z", "/d/2026-11-23.jsonl"),
        ("rel.20261123T113839.135Z", "rel"),
    ])
    func aRotatedNameGivesItsOriginal(rotated: String, original: String) {
        #expect(RotatedFileName.original(of: rotated) == original)
    }

    @Test(arguments: ["/d/events.jsonl", "/d/events.jsonl.1", "/d/events.jsonl.20261123T113839.135", "/d/events.jsonl.2026112XT113839.135Z", "/d/.20261123T113839.135Z"])
    func otherNamesAreNotRotated(name: String) {
        #expect(RotatedFileName.original(of: name) == nil)
    }

    @Test func namesSortByTimeThenSequence() {
        let base = "e"
        let names = ["e.20261123T113839.135Z.10", "e.20261123T113839.135Z", "e.20261123T113839.135Z.2", "e.20251231T235959.999Z"]
        let sorted = names.sorted { RotatedFileName.order(of: $0, base: base)! < RotatedFileName.order(of: $1, base: base)! }
        #expect(sorted == ["e.20251231T235959.999Z", "e.20261123T113839.135Z", "e.20261123T113839.135Z.2", "e.20261123T113839.135Z.10"])
        #expect(RotatedFileName.stamp(milliseconds: 1_795_433_919_135) == "20261123T113839.135Z")
    }
}
