import Checksums
import Foundation
import Testing

@Suite("PBKDF2-HMAC-SHA256")
struct PBKDF2Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let password: [UInt8]
        let salt: [UInt8]
        let iterations: Int
        let derived: String
        var testDescription: String { name }
    }

    /// RFC 7914 §11 (the scrypt RFC lists PBKDF2-HMAC-SHA256 vectors), then the RFC 6070 inputs
    /// with SHA-256 (their published outputs, as computed by OpenSSL and Python's hashlib).
    static let vectors: [Vector] = [
        Vector(
            name: "RFC 7914 §11, c=1", password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1,
            derived: "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
        Vector(
            name: "RFC 7914 §11, c=80000", password: Array("Password".utf8), salt: Array("NaCl".utf8), iterations: 80_000,
            derived: "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
        Vector(
            name: "c=1", password: Array("password".utf8), salt: Array("salt".utf8), iterations: 1,
            derived: "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        Vector(
            name: "c=2", password: Array("password".utf8), salt: Array("salt".utf8), iterations: 2,
            derived: "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
        Vector(
            name: "c=4096", password: Array("password".utf8), salt: Array("salt".utf8), iterations: 4096,
            derived: "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        Vector(
            name: "long inputs, 40 bytes out (two blocks)", password: Array("passwordPASSWORDpassword".utf8),
            salt: Array("saltSALTsaltSALTsaltSALTsaltSALTsalt".utf8), iterations: 4096,
            derived: "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"),
        Vector(
            name: "NUL bytes, 16 bytes out", password: Array("pass\0word".utf8), salt: Array("sa\0lt".utf8), iterations: 4096,
            derived: "89b69d0516f829893c696226650a8687"),
        Vector(
            name: "password longer than a block (hashed first)", password: [UInt8](repeating: UInt8(ascii: "k"), count: 100),
            salt: Array("salt".utf8), iterations: 3,
            derived: "219c68bb88f1010f4a763b7c8fd58639c2280baf6820814c6d404891fcd85c3d19af9f11e8544f706d60a2c0a3"),
    ]

    @Test(arguments: vectors)
    func knownVector(_ vector: Vector) {
        let length = vector.derived.count / 2
        let derived = PBKDF2.hmacSHA256(password: vector.password, salt: vector.salt, iterations: vector.iterations, length: length)
        #expect(Hex.encode(derived) == vector.derived)
    }

    static var pythonAvailable: Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import hashlib"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    /// Pseudo-random passwords, salts, counts and lengths against Python's `hashlib.pbkdf2_hmac`
    /// (OpenSSL underneath), an implementation written by other people.
    @Test(.enabled(if: pythonAvailable, "needs python3"))
    func agreesWithPythonHashlib() throws {
        var generator = SplitMix(seed: 0x5EED)
        var cases: [(password: [UInt8], salt: [UInt8], iterations: Int, length: Int)] = []
        for _ in 0..<24 {
            let password = (0..<Int(generator.next() % 150)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let salt = (0..<Int(generator.next() % 40)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            cases.append((password, salt, 1 + Int(generator.next() % 300), 1 + Int(generator.next() % 96)))
        }
        // Each hex field is prefixed with "x" so an empty password or salt is still a field.
        let script = """
            import hashlib, sys
            for line in sys.stdin:
                p, s, c, n = line.split()
                print(hashlib.pbkdf2_hmac('sha256', bytes.fromhex(p[1:]), bytes.fromhex(s[1:]), int(c), int(n)).hex())
            """
        let lines = cases.map { "x\(Hex.encode($0.password)) x\(Hex.encode($0.salt)) \($0.iterations) \($0.length)" }
        let expected = try Self.runPython(script, input: lines.joined(separator: "\n") + "\n")
        #expect(expected.count == cases.count)
        for (index, item) in cases.enumerated() where index < expected.count {
            let derived = PBKDF2.hmacSHA256(password: item.password, salt: item.salt, iterations: item.iterations, length: item.length)
            #expect(Hex.encode(derived) == expected[index], "case \(index): \(lines[index])")
        }
    }

    static func runPython(_ script: String, input: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// A small deterministic generator, so a failing case can be reproduced.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
