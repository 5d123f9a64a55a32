import SystemIO
import Testing
@testable import HTTP1

/// Inputs the fuzzer (scripts/fuzz-parser) found, kept in fuzz/regressions/, and its seed
/// corpus in fuzz/corpus/: each is fed whole, cut, and byte by byte, under default and small
/// limits, and must keep every invariant of `ParserCrossCheck`.
@Suite struct FuzzRegressionTests {
    static let root: String = {
        // <root>/Tests/HTTP1Tests/FuzzRegressionTests.swift
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static func files(in folder: String) -> [String] {
        let names = (try? FileSystem.contents(of: root + "/" + folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.map { folder + "/" + $0 }
    }

    @Test func fixtureFoldersArePresent() {
        #expect(FileSystem.isDirectory(Self.root + "/fuzz/regressions"))
        #expect(Self.files(in: "fuzz/corpus").count >= 4)
    }

    @Test(arguments: files(in: "fuzz/regressions"))
    func regressionKeepsTheInvariants(_ path: String) throws {
        let input = try FileSystem.readFile(Self.root + "/" + path)
        #expect(ParserCrossCheck.violations(for: input) == [])
    }

    /// The seeds are valid requests: they must parse without error and keep the invariants.
    @Test(arguments: files(in: "fuzz/corpus"))
    func seedIsAValidRequest(_ path: String) throws {
        let input = try FileSystem.readFile(Self.root + "/" + path)
        #expect(ParserCrossCheck.violations(for: input) == [])
        var problems: [String] = []
        let trace = ParserCrossCheck.trace(input, cuts: [], limits: HTTPLimits(), problems: &problems)
        #expect(!trace.failed)
        #expect(trace.events.contains { if case .request = $0 { true } else { false } })
    }
}
