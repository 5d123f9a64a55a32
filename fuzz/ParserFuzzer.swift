// libFuzzer target over HTTPRequestParser. Built by scripts/fuzz-parser into one module with
// the parser's sources (Sources/HTTP1, the files that need neither sockets nor Dispatch) and
// the shared oracle Tests/HTTP1Tests/Support/ParserCrossCheck.swift.
//
// Each input is fed whole, cut at one and at two points derived from its own bytes, and byte
// by byte (up to 1 KiB), under the default limits and under tiny ones, and every invariant of
// ParserCrossCheck is asserted: a broken one traps, so libFuzzer saves the input as a crash.

/// The entry point libFuzzer calls once per generated input.
@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    let problems = ParserCrossCheck.violations(for: input, byteByByteLimit: 1024)
    precondition(problems.isEmpty, "parser invariant broken:\n" + problems.joined(separator: "\n"))
    return 0
}
