import Checksums
import Foundation
import Testing
@testable import Receiver

@Suite struct PasswordHashTests {
    @Test func theTextFormRoundTripsAndChecksPasswords() throws {
        let hash = PasswordHash.make(password: "correct horse battery staple", iterations: 1000)
        let text = hash.description
        #expect(text.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(text.split(separator: "$").count == 4)
        let parsed = try PasswordHash(parsing: text)
        #expect(parsed == hash)
        #expect(parsed.salt.count == 16)
        #expect(parsed.derivedKey.count == 32)
        #expect(parsed.matches(Array("correct horse battery staple".utf8)))
        #expect(!parsed.matches(Array("correct horse battery stapl".utf8)))
        #expect(!parsed.matches([]))
        // Padding is optional; a fresh salt each time.
        #expect(try PasswordHash(parsing: text.replacingOccurrences(of: "=", with: "")) == hash)
        #expect(PasswordHash.make(password: "x", iterations: 1000).salt != PasswordHash.make(password: "x", iterations: 1000).salt)
        #expect(PasswordHash.defaultIterations >= 100_000)
    }

    /// A hash made here is checked by Python's hashlib, and one made by hashlib is accepted here.
    @Test(.enabled(if: PBKDF2TestsSupport.pythonAvailable, "needs python3"))
    func agreesWithPython() throws {
        let hash = PasswordHash.make(password: "pässword", iterations: 2000)
        let script = """
            import base64, hashlib, sys
            _, n, salt, key = sys.argv[1].split('$')
            ok = hashlib.pbkdf2_hmac('sha256', 'pässword'.encode(), base64.b64decode(salt), int(n)) == base64.b64decode(key)
            print('ok' if ok else 'mismatch')
            salt = bytes(range(16))
            print('pbkdf2-sha256$3000$' + base64.b64encode(salt).decode() + '$' + base64.b64encode(hashlib.pbkdf2_hmac('sha256', b'from python', salt, 3000)).decode())
            """
        let lines = try PBKDF2TestsSupport.python(script, arguments: [hash.description])
        #expect(lines.first == "ok")
        let fromPython = try PasswordHash(parsing: try #require(lines.last))
        #expect(fromPython.matches(Array("from python".utf8)))
    }

    /// `hash-password` reads the password from a pipe and prints a hash that checks it.
    @Test func theHashPasswordCommandPrintsAHashOfWhatItReads() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReceiverProcess.binary)
        process.arguments = ["hash-password", "--iterations", "1000"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("piped password\n".utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let hash = try PasswordHash(parsing: printed.trimmingCharacters(in: .newlines))
        #expect(hash.iterations == 1000)
        #expect(hash.matches(Array("piped password".utf8)))
        let refused = try ReceiverProcess(["hash-password", "--iterations", "10"])
        #expect(refused.waitForExit(timeout: 20) == 2)
        #expect(refused.standardError.contains("--iterations must be a whole number from 1000"))
    }
}

enum PBKDF2TestsSupport {
    static var pythonAvailable: Bool { (try? python("print('ok')", arguments: [])) == ["ok"] }

    static func python(_ script: String, arguments: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
