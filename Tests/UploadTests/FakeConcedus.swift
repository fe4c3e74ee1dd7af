import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import ZipArchive

/// A stand-in for the Concedus endpoints on loopback, for the upload tests: it issues short-lived
/// tokens, checks them on every upload, and answers each customer as a test script says
/// (503, 429 with Retry-After, 400, slow answers), counting what it accepted.
final class FakeConcedus: @unchecked Sendable {
    struct Scripted {
        var status: Int
        var retryAfter: String?
        var delay: Double = 0
    }

    let username: String
    let password: String
    /// Seconds an access token lives.
    var tokenLifetime: Double = 240
    /// Delay before every upload answer.
    var uploadDelay: Double = 0
    /// Per customer key: answers for the first attempts, in order; then 200.
    var script: [String: [Scripted]] = [:]
    /// After this many accepted uploads, every token is revoked once (as after a restart).
    var revokeAfterAccepted: Int?
    /// Per path: answer 307 with this `Location` instead.
    var redirects: [String: String] = [:]
    /// The token endpoint's 200 answer instead of a token (e.g. text that is not JSON).
    var tokenAnswer: [UInt8]?
    /// The contacts endpoint's 200 answer instead of the ident links (e.g. an HTML page).
    var acceptAnswer: [UInt8]?
    /// Seconds between the bytes of the contacts endpoint's answer body; 0 sends it at once.
    var trickleInterval: Double = 0
    /// The body of scripted 400 answers instead of Concedus's JSON error.
    var rejectionBody: [UInt8]?
    /// Answer `Connection: close` and hang up after each answer, so every request needs a new connection.
    var closeConnections = false
    /// Every request, as "METHOD path".
    private(set) var requests: [String] = []

    private let lock = NSLock()
    private var tokens: [String: Date] = [:]
    private var refreshTokens: Set<String> = []
    private(set) var accepted: [String: Int] = [:]
    private(set) var authentications = 0
    private(set) var refreshes = 0
    private(set) var unauthorized = 0
    private(set) var maxInFlight = 0
    private var inFlight = 0
    private(set) var requestBodies: [String] = []
    private var triedKeys: [String] = []
    private var group: MultiThreadedEventLoopGroup?
    private var channel: (any Channel)?

    init(username: String = "partner", password: String = "s3cret-Passw0rd!") {
        self.username = username
        self.password = password
    }

    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Every token issued so far stops working, as after a Concedus restart.
    func revokeTokens() {
        withLock { tokens.removeAll() }
    }

    /// Starts listening on 127.0.0.1 and returns the base URL.
    func start() throws -> String {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        self.group = group
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
                }
            }
        let channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        self.channel = channel
        return "http://127.0.0.1:\(channel.localAddress?.port ?? 0)"
    }

    func stop() {
        try? channel?.close().wait()
        try? group?.syncShutdownGracefully()
    }

    /// What to answer to one request: status, headers, body and a delay.
    func respond(method: HTTPMethod, uri: String, headers: HTTPHeaders, body: [UInt8]) -> (Int, [(String, String)], [UInt8], Double) {
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        withLock {
            requestBodies.append(String(decoding: body.prefix(200), as: UTF8.self))
            requests.append("\(method) \(uri)")
        }
        if let location = redirects[uri] { return (307, [("Location", location)], [], 0) }
        switch (method, uri) {
        case (.POST, "/v2/auth/token"):
            guard json?["username"] as? String == username, json?["password"] as? String == password else {
                return (401, [], Array(#"{"code":"401","info":"Unauthorized","reason":"bad credentials"}"#.utf8), 0)
            }
            let token = issueToken()
            return (200, [], tokenAnswer ?? token, 0)
        case (.POST, "/v2/auth/refresh"):
            let valid = withLock { () -> Bool in
                guard let token = json?["RefreshToken"] as? String, refreshTokens.contains(token) else { return false }
                refreshTokens.remove(token)
                refreshes += 1
                return true
            }
            return valid ? (200, [], issueToken(counting: false), 0) : (401, [], [], 0)
        case (.POST, "/v2/compliance/reliance/contacts"):
            let bearer = headers.first(name: "Authorization")?.replacingOccurrences(of: "Bearer ", with: "") ?? ""
            let authorized = withLock { () -> Bool in
                guard let expiry = tokens[bearer], expiry > Date() else {
                    unauthorized += 1
                    return false
                }
                return true
            }
            guard authorized else { return (401, [], Array(#"{"code":"401","info":"token expired"}"#.utf8), 0) }
            guard headers.first(name: "Content-Type") == "application/zip", let key = FakeConcedus.key(of: body) else {
                return (400, [], Array(#"{"code":"400","info":"Error progressing File","reason":"not a Reliance ZIP"}"#.utf8), 0)
            }
            withLock { if !triedKeys.contains(key) { triedKeys.append(key) } }
            let scripted = withLock { () -> Scripted? in
                guard var queue = script[key], !queue.isEmpty else { return nil }
                let first = queue.removeFirst()
                script[key] = queue
                return first
            }
            if let scripted {
                let body: [UInt8] = scripted.status == 400
                    ? rejectionBody ?? Array(#"{"code":"400","info":"Error progressing File","reason":"birthDate missing for \#(key)"}"#.utf8) : []
                let headers = scripted.retryAfter.map { [("Retry-After", $0)] } ?? []
                return (scripted.status, headers, body, scripted.delay + uploadDelay)
            }
            withLock {
                accepted[key, default: 0] += 1
                if let limit = revokeAfterAccepted, accepted.values.reduce(0, +) == limit {
                    tokens.removeAll()
                    revokeAfterAccepted = nil
                }
            }
            return (200, [], acceptAnswer ?? Array(#"{"identLinks":["https://ident.example/\#(key)"]}"#.utf8), uploadDelay)
        default:
            return (404, [], [], 0)
        }
    }

    private func issueToken(counting: Bool = true) -> [UInt8] {
        let access = UUID().uuidString
        let refresh = UUID().uuidString
        let expiry = Date().addingTimeInterval(tokenLifetime)
        withLock {
            tokens[access] = expiry
            refreshTokens.insert(refresh)
            if counting { authentications += 1 }
        }
        return Array(#"{"accessToken":"\#(access)","exp":\#(Int(expiry.timeIntervalSince1970)),"refreshToken":"\#(refresh)"}"#.utf8)
    }

    /// The requests so far, read under the lock (uploads may be arriving).
    var requestsSoFar: [String] { withLock { requests } }

    /// Keys the contacts endpoint was sent, each once, in the order they first arrived.
    var keysTried: [String] {
        withLock { triedKeys }
    }

    /// Requests received and not yet answered.
    var requestsInFlight: Int { withLock { inFlight } }

    func enter() { withLock { inFlight += 1; maxInFlight = max(maxInFlight, inFlight) } }
    func leave() { withLock { inFlight -= 1 } }

    /// The customer key in the ZIP's main.json.
    static func key(of zip: [UInt8]) -> String? {
        guard let reader = try? ZipReader(bytes: zip), let main = try? reader.contents(named: "main.json"),
              let object = try? JSONSerialization.jsonObject(with: Data(main)) as? [String: Any],
              let customers = object["customers"] as? [[String: Any]] else { return nil }
        return customers.first?["key"] as? String
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let server: FakeConcedus
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(server: FakeConcedus) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case let .head(requestHead):
                head = requestHead
                body = []
            case let .body(buffer):
                body += Array(buffer: buffer)
            case .end:
                guard let head else { return }
                server.enter()
                let (status, extra, responseBody, delay) = server.respond(method: head.method, uri: head.uri, headers: head.headers, body: body)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(responseBody.count))
                for (name, value) in extra { headers.add(name: name, value: value) }
                let closing = server.closeConnections
                if closing { headers.add(name: "Connection", value: "close") }
                let response = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
                let channel = context.channel
                let server = self.server
                let trickle = head.uri.hasSuffix("/contacts") ? server.trickleInterval : 0
                // Delays run on the channel's own event loop, never on the test process's task pool,
                // which tests waiting for a child process may hold (it has a thread per core).
                channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay * 1_000_000_000))) {
                    server.leave()
                    if trickle > 0 {
                        // Headers at once, then the body a byte at a time, as a stalling server does.
                        channel.writeAndFlush(HTTPServerResponsePart.head(response), promise: nil)
                        Handler.trickle(responseBody[...], every: trickle, on: channel)
                        return
                    }
                    channel.write(HTTPServerResponsePart.head(response), promise: nil)
                    channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: responseBody))), promise: nil)
                    let ended = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
                    if closing { ended.whenComplete { _ in channel.close(promise: nil) } }
                }
            }
        }

        /// Writes `rest` one byte per `interval`, then ends the answer; stops when the client hangs up.
        static func trickle(_ rest: ArraySlice<UInt8>, every interval: Double, on channel: any Channel) {
            channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(interval * 1_000_000_000))) {
                guard channel.isActive else { return }
                guard let byte = rest.first else {
                    channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
                    return
                }
                channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: [byte]))), promise: nil)
                trickle(rest.dropFirst(), every: interval, on: channel)
            }
        }
    }
}
