import AsyncHTTPClient
import Foundation
import NIOCore

/// An access token and what renews it.
struct Token: Sendable {
    let access: String
    let refresh: String?
    let expires: Date

    /// Renew a little before the end, so a request never leaves with a token about to expire.
    func isUsable(at now: Date) -> Bool {
        now.addingTimeInterval(20) < expires
    }
}

/// One HTTP answer, reduced to what the uploader decides on.
struct Answer: Sendable {
    /// Bytes of a body read at most: Concedus answers one customer in a few hundred bytes, and
    /// what lies beyond this is neither read nor held.
    static let bodyLimit = 64 << 10

    let status: Int
    let retryAfter: String?
    /// The body, or its first `bodyLimit` bytes when `isCut`.
    let body: [UInt8]
    /// Where a redirect pointed; never followed.
    var location: String? = nil
    /// The body went on past `bodyLimit`; the rest was not read.
    var isCut = false

    var isRedirect: Bool { (300..<400).contains(status) }
}

/// The whole answer (connection, headers and body) took longer than the timeout.
struct ResponseTimeout: Error, CustomStringConvertible {
    let seconds: Int64
    var description: String { "no complete answer within \(seconds) s" }
}

/// The three Concedus endpoints the upload uses, over AsyncHTTPClient (TLS for https URLs).
///
/// Redirects are never followed: credentials and customer ZIPs go to the configured origin or
/// nowhere, and a redirect comes back to the caller as an answer with its `Location`. Every
/// request has one deadline for the whole answer, body included, so a server trickling bytes
/// cannot hold the run. The connection pool allows as many connections to the host as uploads
/// may be in flight.
final class ConcedusClient: Sendable {
    let base: String
    let endpoint: String
    let timeoutSeconds: Int64
    private let http: HTTPClient

    init(base: String, endpoint: String, timeoutSeconds: Int64, concurrency: Int = 8) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.endpoint = endpoint.hasPrefix("/") ? endpoint : "/" + endpoint
        self.timeoutSeconds = timeoutSeconds
        // The deadline for the whole answer (`send`) is what cuts a slow answer, and its message is
        // the one a person reads; the client's own read timeout only backs it up, so it is set
        // beyond that deadline (equal, the two raced, and a slowed machine saw the read timeout).
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(min(timeoutSeconds, 30)), read: .seconds(timeoutSeconds * 2 + 1)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, concurrency))
        // A connection that cannot be made fails its request at once: the uploader retries with its own
        // backoff and counts it, where the pool would try again silently until the request's timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// `POST /v2/auth/token` with the user name and password.
    func authenticate(_ credentials: Credentials) async throws -> Answer {
        try await postJSON("/v2/auth/token", ["username": credentials.username, "password": credentials.password])
    }

    /// `POST /v2/auth/refresh` with the refresh token.
    func refresh(_ refreshToken: String) async throws -> Answer {
        try await postJSON("/v2/auth/refresh", ["RefreshToken": refreshToken])
    }

    /// `POST` one ZIP to the contacts endpoint, streamed from its file.
    func upload(_ zip: ZIPFile, token: String) async throws -> Answer {
        var request = HTTPClientRequest(url: base + endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/zip")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .stream(zip.pieces, length: .known(Int64(zip.size)))
        return try await send(request)
    }

    private func postJSON(_ path: String, _ fields: [String: String]) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        request.body = .bytes(ByteBuffer(bytes: [UInt8](body)))
        return try await send(request)
    }

    /// Sends `request` and reads the whole answer, or throws `ResponseTimeout` when the deadline passes first.
    private func send(_ request: HTTPClientRequest) async throws -> Answer {
        let http = self.http
        let seconds = timeoutSeconds
        return try await withThrowingTaskGroup(of: Answer.self) { group in
            group.addTask {
                // The client's own deadline backs up the one below, beyond it, as the read timeout does.
                let response = try await http.execute(request, timeout: .seconds(seconds * 2 + 1))
                var body: [UInt8] = []
                var isCut = false
                // Leaving the loop early stops the download; the connection is closed, not reused.
                for try await piece in response.body {
                    let room = Answer.bodyLimit - body.count
                    body += piece.readableBytesView.prefix(room)
                    if piece.readableBytes > room {
                        isCut = true
                        break
                    }
                }
                return Answer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"),
                              body: body, location: response.headers.first(name: "Location"), isCut: isCut)
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds) * 1_000_000_000)
                throw ResponseTimeout(seconds: seconds)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw ResponseTimeout(seconds: seconds) }
            return first
        }
    }

    /// A token from an auth answer: `accessToken`, `refreshToken` and `exp` (epoch seconds or
    /// milliseconds, seconds of lifetime, or an ISO 8601 time; about four minutes when absent).
    static func token(from answer: Answer, now: Date) -> Token? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
              let access = object["accessToken"] as? String, !access.isEmpty else { return nil }
        var expires = now.addingTimeInterval(240)
        if let number = object["exp"] as? Double ?? (object["exp"] as? String).flatMap(Double.init) {
            if number > 1e12 {
                expires = Date(timeIntervalSince1970: number / 1000)
            } else if number > 1e9 {
                expires = Date(timeIntervalSince1970: number)
            } else if number > 0 {
                expires = now.addingTimeInterval(number)
            }
        } else if let text = object["exp"] as? String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text) { expires = date }
        }
        return Token(access: access, refresh: object["refreshToken"] as? String, expires: expires)
    }
}
