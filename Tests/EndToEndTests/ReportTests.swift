import Foundation
import Testing

@Suite("report.html", .serialized)
struct ReportTests {
    typealias E2E = SampleConversionTests

    @Test("the report names fields and error codes, draws charts, and escapes input")
    func report() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The sample with a script in a cell that is rejected (an unknown nationality).
        var text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: ";Atlantis;", with: ";<script>alert('x')</script>;")
        let input = folder.appendingPathComponent("export.csv")
        try Data(text.utf8).write(to: input)
        let run = try E2E.convert(input: input.path, out: folder.appendingPathComponent("out"))
        #expect(run.status == 1)
        let html = try String(contentsOf: run.out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("person.birthDate"))
        #expect(html.contains("unknown-country"))
        #expect(html.contains("invalid-iban"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""), "no network resources")
        #expect(!html.contains("src="))
    }
}
