import Foundation
import SystemIO
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `synap-webhooks probe --url URL`: GETs a URL and exits 0 on 2xx (the container HEALTHCHECK,
/// so the image needs no curl).
enum ProbeCommand {
    static func run(_ options: CommandArguments) -> Int32 {
        let url: URL
        do throws(UsageError) {
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
        do throws(BlockingHTTPClient.Failure) {
            let status = try BlockingHTTPClient.send(request).status
            StandardStream.output.writeLine("HTTP \(status)")
            return (200..<300).contains(status) ? 0 : 1
        } catch {
            StandardStream.output.writeLine("no answer: \(error)")
            return 1
        }
    }
}
