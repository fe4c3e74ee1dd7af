import Foundation
import Testing
@testable import RelianceKit

@Suite("Documentation")
struct DocumentationTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    @Test("the README's field table is the one `fields --markdown` generates")
    func fieldTable() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- fields:begin -->\n"))
        let end = try #require(text.range(of: "<!-- fields:end -->"))
        #expect(String(text[start.upperBound..<end.lowerBound]) == FieldReference.markdown(),
                "regenerate the table with `reliance-convert fields --markdown`")
    }

    @Test("the README documents every error code")
    func errorCodes() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        for code in FindingCode.allCases {
            #expect(text.contains("| `\(code.rawValue)` |"), "\(code.rawValue) is not in the README's error-code table")
        }
    }
}
