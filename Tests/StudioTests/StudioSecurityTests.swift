import Foundation
import RelianceKit
@testable import RelianceStudio
import Testing

/// Who may ask the studio what (docs/studio.md, Security), answered in process.
struct StudioSecurityTests {
    @Test func theTokenIsExchangedForAStrictHttpOnlyCookieAndLeavesTheAddress() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let answer = fixture.get("/?token=" + String(repeating: "ab", count: 32), headers: [("Host", "127.0.0.1:4711")])
        #expect(answer.status == 303)
        #expect(answer.header("Location") == "/")
        let cookie = try #require(answer.header("Set-Cookie"))
        #expect(cookie.hasPrefix("reliance_studio=" + String(repeating: "ab", count: 32) + ";"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        #expect(fixture.get("/?token=" + String(repeating: "cd", count: 32), headers: [("Host", "127.0.0.1:4711")]).status == 403)
    }

    @Test(arguments: [
        [("Host", "evil.example:4711"), StudioFixture.cookie],
        [("Host", "127.0.0.1:80"), StudioFixture.cookie],
        [StudioFixture.cookie],
        [("Host", "127.0.0.1:4711")],
        [("Host", "127.0.0.1:4711"), ("Cookie", "reliance_studio=" + String(repeating: "ab", count: 31) + "ac")],
    ])
    func aReadIsRefusedWithoutTheRightHostAndCookie(_ headers: [(String, String)]) throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        #expect(fixture.get("/api/session", headers: headers).status == 403)
        #expect(fixture.get("/", headers: headers).status == 403)
    }

    /// A page on another port of 127.0.0.1 can set a cookie of the same name (cookies do not tell
    /// ports apart), which the browser then sends first: the studio's own cookie still admits.
    @Test func aTossedCookieOfTheSameNameLocksNoOneOut() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let headers = [("Host", "127.0.0.1:4711"), ("Cookie", "reliance_studio=tossed; reliance_studio=" + String(repeating: "ab", count: 32))]
        #expect(fixture.get("/api/session", headers: headers).status == 200)
        #expect(fixture.get("/api/session", headers: [("Host", "127.0.0.1:4711"), ("Cookie", "reliance_studio=tossed")]).status == 403)
    }

    @Test func aRequestIsJudgedByItsHeadBeforeItsBody() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let stranger = StudioRequest(method: "POST", uri: "/api/save", headers: [(name: "Host", value: "127.0.0.1:4711")])
        #expect(fixture.app.refusal(forHead: stranger)?.status == 403)
        let twoHosts = StudioRequest(method: "GET", uri: "/api/session",
                                     headers: [(name: "Host", value: "127.0.0.1:4711"), (name: "Host", value: "evil.example:1"),
                                               (name: "Cookie", value: "reliance_studio=" + String(repeating: "ab", count: 32))])
        #expect(fixture.app.refusal(forHead: twoHosts)?.status == 403)
        let page = StudioRequest(method: "GET", uri: "/api/session", headers: [(name: "Host", value: "127.0.0.1:4711"), (name: StudioFixture.cookie.0, value: StudioFixture.cookie.1)])
        #expect(fixture.app.refusal(forHead: page) == nil)
    }

    @Test func anEditWithoutItsLineChangesNothing() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        #expect(fixture.post("/api/edit", #"{"path": "person.title"}"#).status == 400)
        #expect(fixture.session.edits == 0)
        #expect(fixture.post("/api/edit", #"{"path": "person.title", "line": null}"#).status == 200)
        #expect(fixture.session.edits == 1)
    }

    @Test func localhostIsTheStudiosOwnName() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        #expect(fixture.get("/api/session", headers: [("Host", "localhost:4711"), StudioFixture.cookie]).status == 200)
    }

    @Test(arguments: ["token", "type", "plain", "origin", "foreign-origin", "null-origin", "cookie"])
    func aChangeIsRefusedWithoutEveryProof(_ missing: String) throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        var headers = [("Host", "127.0.0.1:4711"), StudioFixture.cookie, ("X-Studio-Token", String(repeating: "ab", count: 32)),
                       ("Content-Type", "application/json"), ("Origin", "http://127.0.0.1:4711")]
        switch missing {
        case "token": headers.removeAll { $0.0 == "X-Studio-Token" }
        case "type": headers.removeAll { $0.0 == "Content-Type" }
        case "plain": headers = headers.map { $0.0 == "Content-Type" ? ($0.0, "text/plain") : $0 }
        case "origin": headers.removeAll { $0.0 == "Origin" }
        case "foreign-origin": headers = headers.map { $0.0 == "Origin" ? ($0.0, "http://evil.example") : $0 }
        case "null-origin": headers = headers.map { $0.0 == "Origin" ? ($0.0, "null") : $0 }
        default: headers.removeAll { $0.0 == "Cookie" }
        }
        let before = fixture.mappingOnDisk()
        let answer = fixture.post("/api/save", headers: headers)
        #expect(answer.status == 403)
        let edit = fixture.post("/api/edit", #"{"path": "person.email", "line": null}"#, headers: headers)
        #expect(edit.status == 403)
        #expect(fixture.session.edits == 0)
        #expect(fixture.mappingOnDisk() == before)
        #expect(fixture.post("/api/save").status == 200)
    }

    @Test func everyAnswerForbidsOtherOriginsCachingAndFraming() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let answers = [fixture.get("/"), fixture.get("/studio.js"), fixture.get("/api/rejects"), fixture.get("/api/nothing"),
                       fixture.get("/api/session", headers: [("Host", "evil.example")]), fixture.post("/api/undo")]
        for answer in answers {
            #expect(answer.header("Content-Security-Policy")?.hasPrefix("default-src 'self'") == true)
            #expect(answer.header("Cache-Control") == "no-store")
            #expect(answer.header("X-Frame-Options") == "DENY")
            #expect(!answer.headers.contains { $0.name.lowercased().hasPrefix("access-control-") })
        }
    }

    @Test func thePageCarriesTheTokenForItsChanges() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let page = fixture.get("/")
        #expect(page.status == 200)
        #expect(page.text.contains(#"<meta name="studio-token" content="\#(String(repeating: "ab", count: 32))">"#))
        #expect(!page.text.contains("{{STUDIO_TOKEN}}"))
    }

    @Test func theServerListensOnLoopbackOnly() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let server = try StudioServer(app: StudioApp(session: try StudioSession(fixture.session.options)), port: 0)
        defer { server.stop() }
        #expect(server.address.hasPrefix("http://127.0.0.1:\(server.port)/?token="))
        let listening = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) + ((try? String(contentsOfFile: "/proc/net/tcp6", encoding: .utf8)) ?? "")
        let port = String(format: "%04X", server.port)
        let local = listening.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            // State 0A is LISTEN.
            guard fields.count > 3, fields[1].hasSuffix(":" + port), fields[3] == "0A" else { return nil }
            return String(fields[1])
        }
        #expect(local == ["0100007F:" + port])
    }
}
