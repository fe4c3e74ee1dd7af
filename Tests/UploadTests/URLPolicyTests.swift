import Foundation
import Testing
@testable import RelianceUpload

/// Where `--url` may send the password: never with credentials in the URL itself, and over
/// plain http only to this machine unless the user says `--insecure-http`.
@Suite("--url policy", .serialized)
struct URLPolicyTests {
    static let secret = "Hunter2-Secret"

    @Test("a user name or password in --url is refused with exit 2, and the message never repeats it", arguments: [
        "http://partner:Hunter2-Secret@127.0.0.1:{port}",
        "https://partner:Hunter2-Secret@demo2.api.concedus.com",
        "ftp://partner:Hunter2-Secret@nowhere",
        "http://partner:Hunter2-Secret@[not a host",
        "http://Hunter2-Secret@127.0.0.1:{port}/v2",
    ])
    func userInfoRefused(_ template: String) throws {
        let server = FakeConcedus()
        let url = try server.start()
        defer { server.stop() }
        let port = url.split(separator: ":").last.map(String.init) ?? ""
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let given = template.replacingOccurrences(of: "{port}", with: port)
        let (status, message) = try UploadCommandTests.finish(try UploadCommandTests.start([folder.path, "--url", given], password: server.password))
        #expect(status == 2, "\(message)")
        #expect(message.contains("--url must not hold a user name or password"), "\(message)")
        #expect(!message.contains(Self.secret), "\(message)")
        #expect(server.requestsSoFar.isEmpty)
    }

    @Test("plain http to another host is refused (exit 2) before anything is sent; --insecure-http allows it", arguments: [
        "http://example.com", "http://10.0.0.7:8080/api", "http://127.0.0.1.example.com",
    ])
    func plainHTTPElsewhere(_ url: String) throws {
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (refused, message) = try UploadCommandTests.finish(try UploadCommandTests.start([folder.path, "--url", url, "--dry-run"], password: "unused"))
        #expect(refused == 2, "\(message)")
        #expect(message.contains("plain http") && message.contains("--insecure-http"), "\(message)")
        let (allowed, listing) = try UploadCommandTests.finish(try UploadCommandTests.start([folder.path, "--url", url, "--dry-run", "--insecure-http"], password: "unused"))
        #expect(allowed == 0, "\(listing)")
        #expect(listing.contains("would send CUST_1.zip"), "\(listing)")
    }

    @Test("plain http to another host never reaches the token endpoint")
    func plainHTTPSendsNothing() async throws {
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        // A documentation address (TEST-NET-1): were it tried, the test would wait for a connection.
        await #expect {
            _ = try await Uploader.run(uploadOptions(folder, "http://192.0.2.1", maxAttempts: 1), credentials: partnerCredentials)
        } throws: { error in
            guard let error = error as? UploadError, case let .configuration(message) = error else { return false }
            return message.contains("plain http") && error.exitCode == 2
        }
    }

    @Test("this machine counts as loopback by name or address; nothing else does", arguments: [
        ("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("[::1]", true), ("localhost", true), ("LocalHost.", true),
        ("128.0.0.1", false), ("10.0.0.1", false), ("example.com", false), ("localhost.example.com", false),
        ("::ffff:127.0.0.1", false), ("0.0.0.0", false), ("127.1", false),
    ])
    func loopback(_ host: String, _ expected: Bool) {
        #expect(ConcedusURL.isLoopback(host) == expected)
    }

    @Test("https anywhere and http to loopback pass; a query or fragment is refused", arguments: [
        ("https://demo2.api.concedus.com", true), ("https://demo2.api.concedus.com/", true), ("http://127.0.0.1:8080", true),
        ("http://[::1]:8080/base", true), ("http://localhost", true),
        ("https://demo2.api.concedus.com?x=1", false), ("https://demo2.api.concedus.com/#top", false), ("https://", false),
    ])
    func accepted(_ url: String, _ expected: Bool) {
        #expect(((try? ConcedusURL.parse(url, insecureHTTP: false)) != nil) == expected, Comment(rawValue: url))
    }

    @Test("a query, which may carry a key, is never printed back", arguments: [
        "https://demo2.api.concedus.com/?api_key=Hunter2-Secret", "ftp://nowhere/?token=Hunter2-Secret", "http://example.com#Hunter2-Secret",
    ])
    func queryNotEchoed(_ url: String) {
        #expect {
            _ = try ConcedusURL.parse(url, insecureHTTP: false)
        } throws: { error in
            "\(error)".hasPrefix("error: --url ") && !"\(error)".contains(Self.secret)
        }
    }
}
