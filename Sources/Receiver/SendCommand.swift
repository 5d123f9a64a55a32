import Foundation
import SynapEvents
import SystemIO
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `synap-webhooks send --event KIND --url URL [--user U --password-env VAR] [--body FILE]`:
/// posts a realistic sample (or a file) as Synap would, to test a deployment end to end.
enum SendCommand {
    static func run(_ arguments: [String]) -> Int32 {
        let request: URLRequest
        do throws(UsageError) {
            let options = try CommandArguments(arguments, valued: ["--event", "--url", "--user", "--password-env", "--body", "--timeout"])
            request = try makeRequest(options)
        } catch {
            StandardStream.error.writeLine("synap-webhooks send: \(error)")
            return 2
        }
        let outcome = SendOutcome()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            outcome.set(data: data, response: response as? HTTPURLResponse, error: error)
            done.signal()
        }.resume()
        done.wait()
        let (data, response, error) = outcome.get()
        guard let response else {
            StandardStream.error.writeLine("synap-webhooks send: \(request.url!.absoluteString): \(error?.localizedDescription ?? "no response")")
            return 1
        }
        let body = String(decoding: data ?? Data(), as: UTF8.self)
        StandardStream.output.writeLine("HTTP \(response.statusCode) \(body)")
        return (200..<300).contains(response.statusCode) ? 0 : 1
    }

    private static func makeRequest(_ options: CommandArguments) throws(UsageError) -> URLRequest {
        let urlText = try options.required("--url")
        guard let url = URL(string: urlText), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw UsageError("--url must be an http:// or https:// URL, not \"\(urlText)\"")
        }
        let body: Data
        if let file = options.value("--body") {
            guard let contents = FileManager.default.contents(atPath: file) else { throw UsageError("--body: cannot read \(file)") }
            body = contents
        } else {
            body = Data(SampleEvents.body(for: try EventKindArgument.parse(try options.required("--event"))).utf8)
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = Double(options.value("--timeout") ?? "10") ?? 10
        if let user = options.value("--user") {
            let variable = try options.required("--password-env")
            guard let password = ProcessExit.environment(variable) else {
                throw UsageError("--password-env: environment variable \(variable) is not set")
            }
            let token = Data("\(user):\(password)".utf8).base64EncodedString()
            request.setValue("Basic \(token)", forHTTPHeaderField: "Authorization")
        }
        return request
    }
}

/// The callback's results, handed from URLSession's queue to the waiting command.
private final class SendOutcome: @unchecked Sendable {
    // Written once by the callback before the semaphore is signalled, read after the wait.
    private var data: Data?
    private var response: HTTPURLResponse?
    private var error: (any Error)?

    func set(data: Data?, response: HTTPURLResponse?, error: (any Error)?) {
        self.data = data
        self.response = response
        self.error = error
    }

    func get() -> (Data?, HTTPURLResponse?, (any Error)?) { (data, response, error) }
}
