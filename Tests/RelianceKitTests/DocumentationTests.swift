import Foundation
import Testing
@testable import RelianceKit

@Suite("Documentation")
struct DocumentationTests {
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/reference.md")

    /// The text of docs/reference.md between `<!-- name:begin -->` and `<!-- name:end -->`.
    static func section(_ name: String) throws -> String {
        let text = try String(contentsOf: reference, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- \(name):begin -->\n"))
        let end = try #require(text.range(of: "<!-- \(name):end -->"))
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test("docs/reference.md's field table is the one `fields --markdown` generates")
    func fieldTable() throws {
        #expect(try Self.section("fields") == FieldReference.markdown(), "regenerate the table with `reliance-convert fields --markdown`")
    }

    @Test("docs/reference.md documents every error code")
    func errorCodes() throws {
        #expect(try Self.section("codes") == FieldReference.errorCodesMarkdown(), "regenerate the table with scripts/update-reference-tables.py")
    }
}
