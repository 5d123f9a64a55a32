import Foundation
import SynapEvents
import Testing

/// `examples/on-exam-completed.sh` as the image and the unit run it: a clean environment, a
/// working directory it must not write to, any umask.
@Suite struct ExampleScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/on-exam-completed.sh").path

    /// Runs the script under `umask 000` in `directory` with only `environment` (and PATH) set.
    static func run(in directory: String, environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask 000 && exec \"$@\"", "sh", script]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = [
            "PATH": "/usr/bin:/bin", "SYNAP_EVENT_ID": "0193a5f2c1d80001", "SYNAP_RECEIVED_AT": "2026-11-23T11:42:29.135Z",
            "SYNAP_USER_ID": "7dNGUkKit2O", "SYNAP_USER_EMAIL": "ada@example.edu", "SYNAP_EXAM_NAME": "Further \"Maths\"",
            "SYNAP_SCORE": "57", "SYNAP_SCORE_FRAC": "0.7125",
        ].merging(environment) { $1 }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(SampleEvents.body(for: .examCompleted).utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).flatMap { $0 }
    }

    @Test func itWritesPrivatelyUnderTheDirectoryItIsGivenAndOnlyOnce() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let workingDirectory = directory.path + "/read-only-cwd"
        try FileManager.default.createDirectory(atPath: workingDirectory, withIntermediateDirectories: true)
        let results = directory.path + "/state/exam-completed"
        let first = try Self.run(in: workingDirectory, environment: ["EXAM_RESULTS_DIR": results])
        #expect(first.status == 0, "\(first.output)")
        #expect(!first.output.contains("ada@example.edu"), "its output is logged: no email in it")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workingDirectory).isEmpty)
        #expect(Self.mode(directory.path + "/state") == 0o700 && Self.mode(results) == 0o700)
        #expect(Self.mode(results + "/results.csv") == 0o600 && Self.mode(results + "/0193a5f2c1d80001.json") == 0o600)
        #expect(directory.read("state/exam-completed/results.csv") == #""0193a5f2c1d80001","2026-11-23T11:42:29.135Z","ada@example.edu","Further ""Maths""","57","0.7125""# + "\n")
        #expect(directory.read("state/exam-completed/0193a5f2c1d80001.json") == SampleEvents.body(for: .examCompleted))

        let again = try Self.run(in: workingDirectory, environment: ["EXAM_RESULTS_DIR": results])
        #expect(again.status == 0 && again.output.contains("already recorded"))
        #expect(directory.read("state/exam-completed/results.csv")?.split(separator: "\n").count == 1)
    }

    @Test func withoutEXAM_RESULTS_DIRItUsesTheReceiversDataDirectoryThenTheWorkingDirectory() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fromData = try Self.run(in: directory.path, environment: ["SYNAP_DATA_DIR": directory.path + "/receiver-data"])
        #expect(fromData.status == 0, "\(fromData.output)")
        #expect(directory.read("receiver-data/exam-completed/results.csv") != nil)
        let fromCheckout = try Self.run(in: directory.path, environment: [:])
        #expect(fromCheckout.status == 0, "\(fromCheckout.output)")
        #expect(directory.read("data/exam-completed/results.csv") != nil)
    }
}
