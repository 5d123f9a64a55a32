extension HandlerDefinition {
    /// One line for `check-config`: the type and where events go, never a secret.
    var summary: String {
        switch kind {
        case .log(let format, let fields, let mask):
            return "log, \(format.rawValue), fields \(fields.map(\.rawValue).joined(separator: ","))" + (mask ? ", personal data masked" : "")
        case .file(let path, let options):
            return "file \(path.template)" + (options.maxBytes > 0 ? ", rotated at \(options.maxBytes) bytes" : "") + (options.fsync ? ", fsync" : "")
        case .forward(let settings, _):
            return "forward to \(settings.displayURL)" + (settings.envelope ? " (envelope)" : "") + (settings.signer != nil ? ", signed" : "")
        case .exec(let settings, _):
            return "exec \(settings.command.joined(separator: " "))" + (settings.shell ? " (shell)" : "") + ", timeout \(Int(settings.timeoutSeconds)) s"
        }
    }
}
