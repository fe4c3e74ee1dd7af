import Foundation

/// A request as the studio's routes see it: no sockets, so the routes are tested in process.
package struct StudioRequest: Sendable {
    package var method: String
    /// The path with its query (`/api/row?n=5`).
    package var uri: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(method: String, uri: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    /// The first header of that name (names are compared ignoring case).
    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    package var path: String {
        String(uri.prefix { $0 != "?" })
    }

    /// The query's parameters, percent-decoded.
    package var query: [String: String] {
        guard let mark = uri.firstIndex(of: "?") else { return [:] }
        var out: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let name = parts.first?.removingPercentEncoding else { continue }
            out[name] = parts.count > 1 ? parts[1].removingPercentEncoding ?? "" : ""
        }
        return out
    }

    /// Every value of cookie `name`: a page on another port of 127.0.0.1 can set a cookie of the
    /// same name (cookies do not tell ports apart), which the browser may send first.
    package func cookies(_ name: String) -> [String] {
        var values: [String] = []
        for header in headers where header.name.lowercased() == "cookie" {
            for part in header.value.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0] == name { values.append(String(pair[1])) }
            }
        }
        return values
    }
}

package struct StudioResponse: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    package var text: String { String(decoding: body, as: UTF8.self) }
}
