// decode-bench: how the cost of parsing and decoding a webhook body, error message included, grows with the
// body's size and shape. Run through scripts/bench-decode (release build). Prints one row per body:
// its size, the time to parse it alone and to parse + decode it (and describe the error), that time per byte,
// the time per byte added since the previous body of the series ("marginal"), and the outcome. In a series of
// growing bodies, a steady marginal column means linear time. Times are the fastest of repeated runs.
// Only APIs that predate parse-once are used (bytes in), so the same program measures older code.
import JSONSyntax
import SynapEvents

/// One body to measure.
struct BenchCase {
    let series: String
    let label: String
    let kind: EventKind
    let body: [UInt8]
}

/// Per-iteration minimum over repeated runs of `work`, in nanoseconds; stops after `budget` or 1,000 runs.
func measure(budget: Duration = .milliseconds(300), _ work: () -> Void) -> Double {
    let clock = ContinuousClock()
    var best = Duration.seconds(1_000_000)
    var spent = Duration.zero
    var runs = 0
    repeat {
        let elapsed = clock.measure(work)
        best = min(best, elapsed)
        spent += elapsed
        runs += 1
    } while spent < budget && runs < 1_000
    let (seconds, attoseconds) = best.components
    return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
}

func text(_ nanoseconds: Double) -> String {
    if nanoseconds >= 1e9 { return format(nanoseconds / 1e9, 2) + " s" }
    if nanoseconds >= 1e6 { return format(nanoseconds / 1e6, 2) + " ms" }
    return format(nanoseconds / 1e3, 1) + " us"
}

func format(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var result = String(rounded)
    if let dot = result.firstIndex(of: ".") {
        let have = result.distance(from: dot, to: result.endIndex) - 1
        if have < decimals { result += String(repeating: "0", count: decimals - have) }
    }
    return result
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}

// MARK: - Bodies

let sample = SampleEvents.body(for: .attemptCompleted)

/// The attempt.completed sample with `"title": "<the test's title>"` (a required string) holding `replacement`.
func withTitle(_ replacement: String, in body: String = sample) -> [UInt8] {
    let marker = #""title": ""#
    guard let start = body.firstRange(of: marker) else { fatalError("no test title in the sample") }
    let valueStart = body.index(start.lowerBound, offsetBy: #""title": "#.count)
    guard let close = body[start.upperBound...].firstIndex(of: "\"") else { fatalError("unterminated title") }
    return Array((String(body[..<valueStart]) + replacement + String(body[body.index(after: close)...])).utf8)
}

/// The sample with `members` (text like `"a": 1, "b": 2`) added at the top level.
func withTopLevel(_ members: String, in body: String = sample) -> String {
    let open = body.firstIndex(of: "{")!
    return String(body[...open]) + members + "," + String(body[body.index(after: open)...])
}

/// The sample with `members` inside `user.customAttributes`.
func withCustomAttributes(_ members: String) -> String {
    let marker = #""customAttributes": { "#
    guard let range = sample.firstRange(of: marker) else { fatalError("no customAttributes in the sample") }
    return String(sample[..<range.upperBound]) + members + ", " + String(sample[range.upperBound...])
}

func nested(_ depth: Int) -> String {
    String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
}

let limit = 1 << 20
var cases: [BenchCase] = []

@MainActor func add(_ series: String, _ label: String, _ body: [UInt8], kind: EventKind = .attemptCompleted) {
    cases.append(BenchCase(series: series, label: label, kind: kind, body: body))
}

@MainActor func add(_ series: String, _ label: String, _ body: String, kind: EventKind = .attemptCompleted) {
    add(series, label, Array(body.utf8), kind: kind)
}

// A string field holding nested arrays (issue 12: 500 of them in 1 KB cost 0.7 s).
for depth in [10, 100, 500, 1_000, 10_000, 100_000, limit / 2 - 2_000] {
    add("string field holds nested arrays", "depth \(depth)", withTitle(nested(depth)))
}

// Many branches of 500 nested arrays in an open map (accepted), then the same with a 500-deep title.
for withError in [false, true] {
    for branches in [1, 4, 16, 64, 256, 1_000] {
        let members = (0..<branches).map { #""b\#($0)": \#(nested(500))"# }.joined(separator: ", ")
        let body = withCustomAttributes(members)
        if withError {
            let title = withTitle(nested(500), in: body)
            add("500-deep branches in customAttributes, title 500-deep", "\(branches) branches", title)
        } else {
            add("500-deep branches in customAttributes, valid", "\(branches) branches", body)
        }
    }
}

// Wide objects: unknown top-level members, and a missing required field (every lookup scans them all).
for missing in [false, true] {
    for width in [100, 1_000, 10_000, 60_000] {
        let members = (0..<width).map { #""k\#($0)": \#($0)"# }.joined(separator: ",")
        var body = withTopLevel(members)
        if missing { body = body.replacing(#""test": {"#, with: #""tost": {"#) }
        add(missing ? "wide top-level object, test missing" : "wide top-level object, valid", "\(width) members", body)
    }
}
for width in [100, 1_000, 10_000, 40_000] {
    // Keys that are not ASCII take String's slow comparison path.
    let members = (0..<width).map { #""ключ\#($0)": \#($0)"# }.joined(separator: ",")
    let body = withTopLevel(members).replacing(#""test": {"#, with: #""tost": {"#)
    add("wide top-level object, non-ASCII keys, test missing", "\(width) members", body)
}
for width in [10, 100, 1_000] {
    // Keys of 500 combining marks: comparing one with a field name normalizes the whole run.
    let marks = String(repeating: "\u{301}", count: 500)
    let members = (0..<width).map { #""\#(marks)\#($0)": \#($0)"# }.joined(separator: ",")
    let body = withTopLevel(members).replacing(#""test": {"#, with: #""tost": {"#)
    add("wide top-level object, keys of 500 combining marks, test missing", "\(width) members", body)
}
for length in [1_000, 10_000, 100_000, 200_000] {
    // One long key of combining marks in each object the model reads.
    let key = String(repeating: "\u{301}", count: length / 2)
    let body = sample.replacing(#""id": "#, with: #""\#(key)": 0, "id": "#)
    add("a long key of combining marks in each object read", "\(length) bytes", body)
}

// A wide open map.
for width in [100, 1_000, 10_000, 60_000] {
    let members = (0..<width).map { #""a\#($0)": "v\#($0)""# }.joined(separator: ",")
    add("wide customAttributes, valid", "\(width) members", withCustomAttributes(members))
}

// Long arrays: the realistic responseQuestionMap, and a model array whose last element has the wrong type.
for withError in [false, true] {
    for size in [2_400, 64 << 10, 256 << 10, limit - 4_096] {
        let body = SampleEvents.largeAttemptCompleted(targetBytes: size)
        let label = size < 4_096 ? "\(size / 100 * 100) B" : "\(size >> 10) KiB"
        if withError {
            add("attempt.completed (long responseQuestionMap), title a number", label, withTitle("17", in: body))
        } else {
            add("attempt.completed (long responseQuestionMap), valid", label, body)
        }
    }
}
let registered = SampleEvents.body(for: .userRegistered)
for count in [100, 1_000, 10_000, 80_000] {
    let groups = (0..<count).map { #""g\#($0)""# }.joined(separator: ",") + ",7"
    let body = registered.replacing(#""usergroups": ["#, with: #""usergroups": [\#(groups),"#)
    add("user.registered usergroups, last element a number", "\(count) elements", body, kind: .userRegistered)
}

// Long scalars: number literals of many digits where numbers belong (the two scores), a string of escapes.
for digits in [1_000, 10_000, 100_000, limit / 2 - 4_096] {
    let literal = "1" + String(repeating: "7", count: digits - 1)
    let body = sample.replacing(#""score": 17"#, with: #""score": \#(literal)"#)
    add("scores of many digits, valid", "\(digits) digits", body)
}
for count in [1_000, 10_000, 100_000] {
    let escapes = String(repeating: #"\u00e9"#, count: count)
    add("title of \\u escapes, valid", "\(count) escapes", withTitle("\"\(escapes)\""))
}

// MARK: - Run

let arguments = CommandLine.arguments.dropFirst()
let selected = cases.filter { bench in arguments.isEmpty || arguments.contains { bench.series.contains($0) } }
let decoder = SynapEventDecoder()
/// A series stops growing once one run of a body takes longer than this.
let seriesBudgetNanoseconds = 5e9

print(
    pad("body", 18), pad("bytes", 9, right: true), pad("parse", 10, right: true), pad("parse+decode", 13, right: true),
    pad("ns/byte", 8, right: true), pad("marginal", 9, right: true), "  outcome")
var currentSeries = ""
var skipping = false
var previous: (bytes: Int, nanoseconds: Double)?
for bench in selected {
    if bench.series != currentSeries {
        currentSeries = bench.series
        skipping = false
        previous = nil
        print("-- \(bench.series)")
    }
    if skipping {
        print(
            pad(bench.label, 18), pad(String(bench.body.count), 9, right: true),
            "  skipped: a smaller body of this series took over \(text(seriesBudgetNanoseconds))")
        continue
    }
    var outcome = ""
    let parse = measure { _ = try? JSONValue(parsing: bench.body) }
    let total = measure {
        do throws(EventDecodingError) {
            _ = try decoder.decode(bench.kind, from: bench.body)
            outcome = "decoded"
        } catch {
            outcome = error.description
        }
    }
    // Time per added byte since the previous body of the series: steady when the growth is linear,
    // whatever the fixed part of the body costs.
    var marginal = ""
    if let previous, bench.body.count > previous.bytes {
        marginal = format((total - previous.nanoseconds) / Double(bench.body.count - previous.bytes), 1)
    }
    previous = (bench.body.count, total)
    if outcome.count > 70 { outcome = String(outcome.prefix(67)) + "..." }
    print(
        pad(bench.label, 18), pad(String(bench.body.count), 9, right: true), pad(text(parse), 10, right: true),
        pad(text(total), 13, right: true), pad(format(total / Double(bench.body.count), 1), 8, right: true),
        pad(marginal, 9, right: true), " ", outcome)
    if total > seriesBudgetNanoseconds { skipping = true }
}
