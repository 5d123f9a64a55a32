import HTTP1

/// The admin listener: where it listens, who may use it, and how browsers reach it
/// (the `admin` section of the configuration).
public struct AdminSettings: Sendable {
    /// Address, port and limits of the admin listener.
    public var listener: HTTPServerConfiguration
    /// Users and tokens; never empty (the configuration refuses an admin listener without them).
    var credentials: AdminCredentials
    /// How long a browser session lasts after login.
    var sessionSeconds: Double = 8 * 3600
    /// The console is served over TLS (a proxy or tunnel in front), so cookies are always `Secure`.
    var tls = false
    /// `host[:port]` values a request's Host may carry; empty: the listener's own address.
    /// Loopback addresses with the listener's port are always accepted (see `AdminHostPolicy`).
    var publicHosts: [String] = []
    /// Origins a state-changing request may come from; empty: `http(s)://` + each accepted host.
    var allowedOrigins: [String] = []
    /// The realm named in `WWW-Authenticate`.
    var realm = "synap-webhooks admin"

    /// The listener's address (as configured; port 0 means "any free port").
    public var host: String { listener.host }
    /// The listener's configured port.
    public var port: Int { listener.port }

    init(listener: HTTPServerConfiguration, credentials: AdminCredentials) {
        self.listener = listener
        self.credentials = credentials
    }
}
