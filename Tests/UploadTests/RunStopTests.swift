import Foundation
import Testing
@testable import RelianceUpload

/// A run against a server that fails or stalls ends by its own rules: the circuit breaker after
/// ZIPs given up in a row, the `--deadline` after its time. Outcomes are asserted, never times.
@Suite("upload stops by circuit breaker and deadline", .serialized)
struct RunStopTests {
    enum Failing: String, CaseIterable, CustomTestStringConvertible {
        case always503, trickling
        var testDescription: String { rawValue }
    }

    @Test("a server failing every ZIP trips the circuit breaker: no new ZIP is started, the rest are recorded not sent, exit 1", arguments: Failing.allCases)
    func circuitBreaker(_ failing: Failing) async throws {
        let server = FakeConcedus()
        let keys = (1...9).map { "CUST_\($0)" }
        var opts: UploadOptions
        switch failing {
        case .always503:
            for key in keys { server.script[key] = Array(repeating: .init(status: 503), count: 10) }
        case .trickling:
            server.trickleInterval = 0.5  // each answer would take over 20 s
        }
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(keys)
        defer { try? FileManager.default.removeItem(at: folder) }
        opts = uploadOptions(folder, url, maxAttempts: 2)
        opts.concurrency = 1
        opts.timeoutSeconds = 1
        opts.circuitBreakerLimit = 3
        let summary = try await Uploader.run(opts, credentials: partnerCredentials)
        #expect(summary.failed == 3 && summary.notSent == 6 && summary.accepted == 0, "\(summary)")
        #expect(summary.exitCode == 1)
        #expect(summary.stopped?.contains("3 ZIPs in a row were given up") == true, "\(summary.stopped ?? "not stopped")")
        #expect(server.keysTried == Array(keys.prefix(3)), "no ZIP may be started after the breaker trips")
        let rows = try results(folder)
        #expect(rows.count == keys.count)
        let notSent = rows.filter { $0[3] == "not-sent" }
        #expect(notSent.map { $0[0] }.sorted() == Array(keys.dropFirst(3)).sorted())
        #expect(notSent.allSatisfy { $0[5].contains("3 ZIPs in a row were given up") && $0[6] == "0" }, "\(notSent.first ?? [])")
    }

    @Test("a rejected or accepted ZIP between failures resets the count: the breaker trips only on failures in a row")
    func breakerCountsInARow() async throws {
        let server = FakeConcedus()
        let keys = (1...7).map { "CUST_\($0)" }
        for key in ["CUST_1", "CUST_2", "CUST_4", "CUST_5", "CUST_7"] { server.script[key] = Array(repeating: .init(status: 503), count: 10) }
        server.script["CUST_3"] = [.init(status: 400)]
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(keys)
        defer { try? FileManager.default.removeItem(at: folder) }
        var opts = uploadOptions(folder, url, maxAttempts: 1)
        opts.concurrency = 1
        opts.circuitBreakerLimit = 3
        let summary = try await Uploader.run(opts, credentials: partnerCredentials)
        #expect(summary.stopped == nil && summary.notSent == 0, "\(summary)")
        #expect(summary.failed == 5 && summary.rejected == 1 && summary.accepted == 1)
    }

    @Test("at the deadline nothing new starts, the request in flight is cancelled, the unsent ZIPs are recorded, exit 1", arguments: [false, true])
    func deadline(_ trickling: Bool) async throws {
        let server = FakeConcedus()
        if trickling {
            server.trickleInterval = 0.5  // the one answer would take over 20 s
        } else {
            server.uploadDelay = 0.4
        }
        let keys = (1...8).map { "CUST_\($0)" }
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(keys)
        defer { try? FileManager.default.removeItem(at: folder) }
        var opts = uploadOptions(folder, url, maxAttempts: 2)
        opts.concurrency = 1
        opts.timeoutSeconds = 5
        opts.deadlineSeconds = 1
        let summary = try await Uploader.run(opts, credentials: partnerCredentials)
        #expect(summary.exitCode == 1)
        #expect(summary.stopped?.contains("the --deadline of 1 s passed") == true, "\(summary.stopped ?? "not stopped")")
        #expect(summary.notSent >= 1 && summary.failed == 0 && summary.accepted + summary.notSent == keys.count, "\(summary)")
        if trickling { #expect(summary.accepted == 0) }
        let rows = try results(folder)
        #expect(rows.count == keys.count)
        #expect(rows.filter { $0[3] == "not-sent" }.allSatisfy { $0[5].contains("--deadline of 1 s") })
        #expect(server.keysTried.count < keys.count, "ZIPs were started after the deadline")
        // What was not sent goes at the next run.
        server.trickleInterval = 0
        server.uploadDelay = 0
        opts.deadlineSeconds = nil
        let rerun = try await Uploader.run(opts, credentials: partnerCredentials)
        #expect(rerun.accepted == summary.notSent && rerun.skipped == summary.accepted && rerun.exitCode == 0)
    }

    @Test("--deadline takes seconds, or a number with s, m or h", arguments: [
        ("90", 90), ("90s", 90), ("15m", 900), ("2h", 7200), ("720h", 2_592_000),
        ("0", nil), ("-5", nil), ("soon", nil), ("5d", nil), ("1.5h", nil), ("", nil), ("m", nil), ("90 s", nil), ("721h", nil),
    ] as [(String, Int?)])
    func deadlineText(_ text: String, _ seconds: Int?) {
        #expect(DeadlineText.seconds(text) == seconds)
    }

    @Test("the command stops at --deadline with exit 1 naming it, and refuses a deadline it cannot read with exit 2")
    func deadlineCommand() throws {
        let server = FakeConcedus()
        server.uploadDelay = 0.5
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder((1...8).map { "CUST_\($0)" })
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, message) = try UploadCommandTests.finish(try UploadCommandTests.start(
            [folder.path, "--url", url, "--concurrency", "1", "--deadline", "1s"], password: server.password))
        #expect(status == 1, "\(message)")
        #expect(message.contains("the --deadline of 1 s passed"), "\(message)")
        #expect(message.contains("not sent"), "\(message)")
        let (bad, usage) = try UploadCommandTests.finish(try UploadCommandTests.start(
            [folder.path, "--url", url, "--deadline", "5d"], password: server.password))
        #expect(bad == 2 && usage.contains("--deadline 5d"), "\(usage)")
    }
}
