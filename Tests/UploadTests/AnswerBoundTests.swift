import Foundation
import Testing
@testable import RelianceUpload

/// What a server answers is kept only as far as the results need it: a bounded body is read and a
/// bounded detail written, marked where it was cut.
@Suite("answers are bounded", .serialized)
struct AnswerBoundTests {
    enum Case: String, CaseIterable, CustomTestStringConvertible {
        case hugeAcceptance, manyIdentLinks, hugeRejection
        var testDescription: String { rawValue }
    }

    /// `{"identLinks": [...]}` of about `bytes` bytes.
    static func identLinks(_ bytes: Int, each: Int) -> [UInt8] {
        let link = "\"https://ident.example/" + String(repeating: "x", count: each) + "\""
        let count = max(1, bytes / (link.utf8.count + 1))
        return Array(("{\"identLinks\":[" + Array(repeating: link, count: count).joined(separator: ",") + "]}").utf8)
    }

    @Test("a 2xx or 4xx answer of megabytes, or many ident links, give a bounded line in upload-results.csv", arguments: Case.allCases)
    func boundedLine(_ shape: Case) async throws {
        let server = FakeConcedus()
        switch shape {
        case .hugeAcceptance: server.acceptAnswer = Self.identLinks((4 << 20) - 4096, each: 1 << 20)
        case .manyIdentLinks: server.acceptAnswer = Self.identLinks(20_000, each: 40)
        case .hugeRejection:
            server.script["CUST_1"] = [FakeConcedus.Scripted(status: 400)]
            server.rejectionBody = Array(("{\"code\":\"400\",\"info\":\"Error progressing File\",\"reason\":\"" + String(repeating: "y", count: (4 << 20) - 4096) + "\"}").utf8)
        }
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try await Uploader.run(uploadOptions(folder, url, maxAttempts: 2), credentials: partnerCredentials)
        let log = try String(contentsOf: folder.appendingPathComponent(Uploader.resultsName), encoding: .utf8)
        let longest = log.split(whereSeparator: \.isNewline).map(\.utf8.count).max() ?? 0
        #expect(longest <= UploadOutcome.detailLimit + 512, "a line of \(longest) bytes")
        let row = try #require(try results(folder).first)
        switch shape {
        case .hugeAcceptance:
            // Not read to its end, so not known to be Concedus's answer: sent again by a rerun.
            #expect(summary.failed == 1 && row[3] == "failed", "\(row[3]) \(row[5].prefix(200))")
            #expect(row[5].contains("longer than 64 KiB"), "\(row[5].prefix(300))")
        case .manyIdentLinks:
            #expect(summary.accepted == 1 && row[3] == "accepted")
            #expect(row[5].hasPrefix("https://ident.example/") && row[5].contains("[cut: "), "\(row[5].suffix(200))")
        case .hugeRejection:
            #expect(summary.rejected == 1 && row[3] == "rejected")
            #expect(row[5].contains("Error progressing File") && row[5].contains("past 64 KiB"), "\(row[5].suffix(200))")
        }
    }

    @Test("a detail is cut at a character, never inside one, and says how long it was", arguments: [0, 1, 2, 3])
    func cutAtCharacter(_ shift: Int) {
        let text = String(repeating: "a", count: shift) + String(repeating: "ü€", count: UploadOutcome.detailLimit)
        let outcome = UploadOutcome(key: "K", zip: "K.zip", sha256: "", status: .rejected, httpCode: 400, detail: text, attempts: 1)
        #expect(outcome.detail.utf8.count <= UploadOutcome.detailLimit + 64)
        #expect(outcome.detail.hasSuffix(" … [cut: \(text.utf8.count) bytes in all]"), "\(outcome.detail.suffix(60))")
        #expect(!outcome.detail.contains("\u{FFFD}"))
        let short = UploadOutcome(key: "K", zip: "K.zip", sha256: "", status: .accepted, httpCode: 200, detail: "https://ident.example/K", attempts: 1)
        #expect(short.detail == "https://ident.example/K")
    }
}
