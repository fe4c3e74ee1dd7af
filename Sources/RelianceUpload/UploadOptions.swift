/// Everything an upload run needs to know.
public struct UploadOptions: Sendable {
    public var directory: String
    public var baseURL: String
    public var endpoint = "/v2/compliance/reliance/contacts"
    /// Requests in flight at most.
    public var concurrency = 4
    public var dryRun = false
    /// Plain http to a host other than this machine is refused unless this is set.
    public var insecureHTTP = false
    /// Tries per ZIP for 5xx, 429 and network failures before giving up.
    public var maxAttempts = 5
    /// The first retry waits about this long; each further one twice as long, with jitter.
    public var backoffSeconds = 0.5
    public var timeoutSeconds: Int64 = 60
    /// Longest `Retry-After` honoured.
    public var maxRetryAfterSeconds = 300.0
    /// Seconds from the start after which nothing new is started and requests in flight are
    /// cancelled; nil for no bound.
    public var deadlineSeconds: Int?
    /// ZIPs given up in a row (server errors, timeouts, network) after which the run stops.
    public var circuitBreakerLimit = 5
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(directory: String, baseURL: String) {
        self.directory = directory
        self.baseURL = baseURL
    }
}
