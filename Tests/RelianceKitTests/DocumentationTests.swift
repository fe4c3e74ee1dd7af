import Foundation
import Testing
@testable import RelianceKit

@Suite("Documentation")
struct DocumentationTests {
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/reference.md")

    @Test("docs/reference.md's field table is the one `fields --markdown` generates")
    func fieldTable() throws {
        let text = try String(contentsOf: Self.reference, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- fields:begin -->\n"))
        let end = try #require(text.range(of: "<!-- fields:end -->"))
        #expect(String(text[start.upperBound..<end.lowerBound]) == FieldReference.markdown(),
                "regenerate the table with `reliance-convert fields --markdown`")
    }

    @Test("docs/reference.md documents every error code")
    func errorCodes() throws {
        let text = try String(contentsOf: Self.reference, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- codes:begin -->\n"))
        let end = try #require(text.range(of: "<!-- codes:end -->"))
        #expect(String(text[start.upperBound..<end.lowerBound]) == FieldReference.errorCodesMarkdown(),
                "regenerate the table with scripts/update-reference-tables.py")
    }
}
