#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The `--url` an upload sends to, checked before anything is sent: http or https with a host,
/// no user name or password in it, and plain http only to this machine unless the user says
/// `--insecure-http`, because the password and every customer's data would travel in clear.
struct ConcedusURL: Sendable {
    /// Scheme, host, port and path, without a trailing slash.
    let base: String

    /// Checks `text`; a message never repeats a URL that carries credentials.
    static func parse(_ text: String, insecureHTTP: Bool) throws(UploadError) -> ConcedusURL {
        // Looked for in the text itself, before any parsing: a URL the parser cannot read may
        // still hold a password, and the message must not print it back.
        if hasUserInfo(text) {
            throw .configuration("--url must not hold a user name or password (the part before @); "
                + "give them through CONCEDUS_USERNAME and CONCEDUS_PASSWORD or --credentials FILE")
        }
        let shown = shown(text)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw .configuration("--url \(shown) is not an http or https URL")
        }
        guard url.query == nil, url.fragment == nil else {
            throw .configuration("--url \(shown) has a query or fragment; give the scheme, host, port and path only")
        }
        if scheme == "http", !insecureHTTP, !isLoopback(host) {
            throw .configuration("--url \(shown) is plain http to a host other than this machine, so the password and the "
                + "customers' data would travel unencrypted; use https, or pass --insecure-http if the network is trusted")
        }
        return ConcedusURL(base: text.hasSuffix("/") ? String(text.dropLast()) : text)
    }

    /// `text` up to a query or fragment, which may carry a key or token and is never printed.
    static func shown(_ text: String) -> String {
        guard let start = text.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return text }
        return text[..<start] + "…"
    }

    /// Whether the authority (between `//` and the path) holds an `@`, as `user:password@host` does.
    static func hasUserInfo(_ text: String) -> Bool {
        guard let start = text.range(of: "//") else { return text.contains("@") }
        let rest = text[start.upperBound...]
        let authority = rest.prefix { !"/?#".contains($0) }
        return authority.contains("@")
    }

    /// This machine by name or address: `localhost`, 127.0.0.0/8 or ::1. Other names are not
    /// resolved here: what a name resolves to can change between this check and the connection.
    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" { return true }
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
        }
        return false
    }
}
