import Foundation
import RelianceKit

/// The studio's routes over one session: who may ask (docs/studio.md, Security), and what each
/// address answers. Called from one thread at a time (the server's one event loop).
package final class StudioApp {
    package let session: StudioSession
    package let token: String
    /// The port the server listens on, for the `Host` and `Origin` checks.
    package var port: Int

    static let cookieName = "reliance_studio"

    package init(session: StudioSession, token: String = StudioApp.newToken(), port: Int = 0) {
        self.session = session
        self.token = token
        self.port = port
    }

    /// 32 random bytes from the system's generator, in hexadecimal.
    package static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// The address to open: the token travels once, in the query, and is exchanged for a cookie.
    package var address: String { "http://127.0.0.1:\(port)/?token=\(token)" }

    package func handle(_ request: StudioRequest) -> StudioResponse {
        StudioApp.secured(route(request))
    }

    /// `response` with the headers every answer carries: the page may load only from its own
    /// origin, nothing is cached, nothing is framed or sniffed.
    static func secured(_ response: StudioResponse) -> StudioResponse {
        var response = response
        response.headers += [
            ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
        ]
        return response
    }

    /// The refusal a request gets from its head alone (Host, token, cookie), before its body is
    /// read; nil when it may go on.
    package func refusal(forHead request: StudioRequest) -> StudioResponse? {
        // A page elsewhere whose name was made to point at 127.0.0.1 (DNS rebinding) sends its own name as Host.
        let hosts = request.headers.filter { $0.name.lowercased() == "host" }
        guard hosts.count == 1, allowedHosts.contains(hosts[0].value.lowercased()) else {
            return refusal("this studio answers only to 127.0.0.1:\(port) and localhost:\(port)")
        }
        if request.method == "GET", request.path == "/", let offered = request.query["token"] {
            return StudioApp.same(offered, token) ? nil : refusal("the token is not this studio's: open the address the studio printed")
        }
        guard request.cookies(StudioApp.cookieName).contains(where: { StudioApp.same($0, token) }) else {
            return refusal("open the address the studio printed (it holds the token)")
        }
        return nil
    }

    private func route(_ request: StudioRequest) -> StudioResponse {
        if let refused = refusal(forHead: request) { return refused }
        guard let host = request.header("Host") else { return refusal("no Host") }
        if request.method == "GET", request.path == "/", request.query["token"] != nil {
            return StudioResponse(status: 303, headers: [
                ("Location", "/"),
                ("Set-Cookie", "\(StudioApp.cookieName)=\(token); HttpOnly; SameSite=Strict; Path=/"),
            ])
        }
        switch request.method {
        case "GET": return read(request)
        case "POST":
            guard let offered = request.header("X-Studio-Token"), StudioApp.same(offered, token) else { return refusal("a change needs the X-Studio-Token header") }
            guard let type = request.header("Content-Type"), type.lowercased().split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/json" else {
                return refusal("a change is sent as application/json")
            }
            guard let origin = request.header("Origin"), origin == "http://" + host.lowercased() else {
                return refusal("a change comes from the studio's own page")
            }
            return change(request)
        default:
            return StudioResponse(status: 405, headers: [("Allow", "GET, POST")] + StudioApp.jsonType, body: StudioApp.error("method not allowed"))
        }
    }

    private var allowedHosts: Set<String> { ["127.0.0.1:\(port)", "localhost:\(port)"] }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func refusal(_ why: String) -> StudioResponse {
        StudioResponse(status: 403, headers: StudioApp.jsonType, body: StudioApp.error(why))
    }

    static let jsonType = [(name: "Content-Type", value: "application/json; charset=utf-8")]

    static func error(_ message: String, _ details: [String] = []) -> [UInt8] {
        struct Failure: Encodable {
            let error: String
            let details: [String]
        }
        return encode(Failure(error: message, details: details))
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return (try? Array(encoder.encode(value))) ?? Array(#"{"error":"the answer could not be encoded"}"#.utf8)
    }

    static func json(_ value: some Encodable, status: Int = 200) -> StudioResponse {
        StudioResponse(status: status, headers: jsonType, body: encode(value))
    }

    static func failure(_ status: Int, _ message: String) -> StudioResponse {
        StudioResponse(status: status, headers: jsonType, body: error(message))
    }
}
