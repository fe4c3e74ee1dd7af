import Foundation
import Testing
@testable import RelianceUpload

/// Servers that try to take credentials or ZIPs elsewhere, stall, or answer what Concedus never
/// would: upload sends nothing anywhere but the configured origin and ends each case clearly.
@Suite("Upload against hostile servers", .serialized)
struct HostileServerTests {
    let credentials = partnerCredentials

    func options(_ folder: URL, _ url: String) -> UploadOptions {
        uploadOptions(folder, url, maxAttempts: 2)
    }

    @Test("a redirect from either endpoint is not followed: credentials and ZIPs never reach the other host", arguments: ["/v2/auth/token", "/v2/compliance/reliance/contacts"])
    func redirectsNotFollowed(_ path: String) async throws {
        let elsewhere = FakeConcedus()
        let elsewhereURL = try elsewhere.start()
        defer { elsewhere.stop() }
        let server = FakeConcedus()
        server.redirects[path] = elsewhereURL + path
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2"])
        defer { try? FileManager.default.removeItem(at: folder) }

        await #expect {
            _ = try await Uploader.run(options(folder, url), credentials: credentials)
        } throws: { error in
            guard let error = error as? UploadError, case let .configuration(message) = error else { return false }
            return message.contains("307 redirecting to \(elsewhereURL)\(path)") && error.exitCode == 2
        }
        #expect(elsewhere.requests.isEmpty, "nothing may reach the host a redirect names")
        #expect(elsewhere.accepted.isEmpty)
        let recorded = (try? results(folder)) ?? []
        #expect(!recorded.contains { $0[3] == "accepted" })
    }

    @Test("an answer body trickling in is cut by the timeout for the whole answer, and the ZIP is given up, not accepted")
    func tricklingBody() async throws {
        let server = FakeConcedus()
        // The 43-byte answer would take over 10 s; each byte comes well inside the 1 s read timeout,
        // also on a machine slowed by a sanitizer, so only the deadline for the whole answer cuts it.
        server.trickleInterval = 0.25
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        var opts = options(folder, url)
        opts.timeoutSeconds = 1
        let summary = try await Uploader.run(opts, credentials: credentials)
        #expect(summary.failed == 1 && summary.accepted == 0 && summary.exitCode == 1)
        let row = try #require(try results(folder).first)
        #expect(row[3] == "failed" && row[5].contains("no complete answer within 1 s"), "\(row)")
        #expect(row[6] == "2")
    }

    @Test("a 200 whose body is not Concedus's JSON is not recorded as accepted; a rerun sends the ZIP again")
    func acceptanceWithoutJSON() async throws {
        let server = FakeConcedus()
        server.acceptAnswer = Array("<html><body>Welcome to the hotel Wi-Fi</body></html>".utf8)
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await Uploader.run(options(folder, url), credentials: credentials)
        #expect(first.accepted == 0 && first.failed == 1 && first.exitCode == 1)
        let row = try #require(try results(folder).first)
        #expect(row[3] == "failed" && row[5].contains("not Concedus's JSON"), "\(row)")
        server.acceptAnswer = nil
        let second = try await Uploader.run(options(folder, url), credentials: credentials)
        #expect(second.accepted == 1 && second.skipped == 0)
    }

    @Test("a token endpoint answering 200 without JSON is the server's fault: retried, then each ZIP given up (exit 1), not a local I/O error")
    func tokenAnswerNotJSON() async throws {
        let server = FakeConcedus()
        server.tokenAnswer = Array("Service Unavailable".utf8)
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try await Uploader.run(options(folder, url), credentials: credentials)
        #expect(summary.exitCode == 1 && summary.failed == 1)
        let row = try #require(try results(folder).first)
        #expect(row[5].contains("without JSON holding an accessToken"), "\(row)")
    }

    @Test("server text in upload-results.csv cannot run as a formula in Excel")
    func resultsNeutralized() async throws {
        let server = FakeConcedus()
        server.script["CUST_1"] = [FakeConcedus.Scripted(status: 400)]
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        server.rejectionBody = Array(#"=HYPERLINK("http://evil.example","click")"#.utf8)
        _ = try await Uploader.run(options(folder, url), credentials: credentials)
        let row = try #require(try results(folder).first)
        #expect(row[3] == "rejected")
        #expect(row[5] == #"'=HYPERLINK("http://evil.example","click")"#, "\(row)")
    }

    @Test("upload-results.csv planted as a symlink is not written through")
    func resultsSymlink() async throws {
        let server = FakeConcedus()
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("target-\(UUID().uuidString)")
        try Data("precious\n".utf8).write(to: target)
        defer { try? FileManager.default.removeItem(at: target) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("upload-results.csv"), withDestinationURL: target)
        await #expect(throws: UploadError.self) { _ = try await Uploader.run(options(folder, url), credentials: credentials) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "precious\n")
    }

    @Test("a manifest planted as a symlink, or credentials in a named pipe, stop the run before anything is sent")
    func plantedManifestAndPipe() async throws {
        let server = FakeConcedus()
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString).csv")
        try FileManager.default.moveItem(at: folder.appendingPathComponent("manifest.csv"), to: elsewhere)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("manifest.csv"), withDestinationURL: elsewhere)
        await #expect {
            _ = try await Uploader.run(options(folder, url), credentials: credentials)
        } throws: { error in
            "\(error)".contains("manifest.csv is a symbolic link")
        }
        #expect(server.accepted.isEmpty)

        let pipe = folder.appendingPathComponent("credentials")
        try #require(mkfifo(pipe.path, 0o600) == 0)
        #expect {
            _ = try Credentials.load(file: pipe.path, environment: [:])
        } throws: { error in
            "\(error)".contains("is not a regular file")
        }
    }
}
