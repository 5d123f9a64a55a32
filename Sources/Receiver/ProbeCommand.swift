import Foundation
import SystemIO
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `synap-webhooks probe --url URL`: GETs a URL and exits 0 on 2xx (the container HEALTHCHECK,
/// so the image needs no curl).
enum ProbeCommand {
    static func run(_ arguments: [String]) -> Int32 {
        let url: URL
        do throws(UsageError) {
            let options = try CommandArguments(arguments, valued: ["--url"])
            let text = try options.required("--url")
            guard let parsed = URL(string: text), parsed.scheme == "http" || parsed.scheme == "https" else {
                throw UsageError("--url must be an http:// or https:// URL")
            }
            url = parsed
        } catch {
            StandardStream.error.writeLine("synap-webhooks probe: \(error)")
            return 2
        }
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let status = ProbeStatus()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, _ in
            status.code = (response as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }.resume()
        done.wait()
        StandardStream.output.writeLine(status.code == 0 ? "no answer from \(url.absoluteString)" : "HTTP \(status.code)")
        return (200..<300).contains(status.code) ? 0 : 1
    }
}

/// The status the callback saw. Written once before the semaphore is signalled, read after the wait.
private final class ProbeStatus: @unchecked Sendable {
    var code = 0
}
