import Foundation
@testable import RelianceStudio
import Testing

/// The page the binary serves is the one in `Sources/RelianceStudio/Page`, byte for byte:
/// `scripts/generate-studio-page.py` writes the Swift source that embeds it.
struct StudioPageTests {
    static let page = StudioFixture.repository.appendingPathComponent("Sources/RelianceStudio/Page")

    @Test(arguments: ["studio.html", "studio.css", "studio.js"])
    func theEmbeddedPageIsThePageFile(_ name: String) throws {
        let file = try String(contentsOf: Self.page.appendingPathComponent(name), encoding: .utf8)
        let embedded = switch name {
        case "studio.html": StudioPage.html
        case "studio.css": StudioPage.css
        default: StudioPage.javascript
        }
        #expect(embedded == file, "run scripts/generate-studio-page.py")
    }

    @Test func thePageLoadsNothingFromElsewhereAndRunsNoInlineCode() throws {
        let html = StudioPage.html
        #expect(html.contains(#"<meta name="studio-token" content="{{STUDIO_TOKEN}}">"#))
        for text in [html, StudioPage.css, StudioPage.javascript] {
            #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"))
            #expect(!text.contains("innerHTML") && !text.contains("eval("))
        }
        #expect(!html.contains("<style") && !html.contains(" style=") && !html.contains("onclick"))
        #expect(html.components(separatedBy: "<script").dropFirst().allSatisfy { $0.hasPrefix(#" src="/studio.js""#) || $0.hasPrefix(#" type="module" src="/studio.js""#) })
    }
}
