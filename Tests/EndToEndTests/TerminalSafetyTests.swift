import Foundation
import RelianceKit
import TestSupport
import Testing

/// Values from the data reach a terminal with their control characters shown, never obeyed: an
/// escape sequence in a cell, a ZIP entry name or a header name cannot recolour, clear or retitle
/// the terminal, reverse the text around it, or forge a line of output with a CR LF.
@Suite("Terminal-safe output", .serialized)
struct TerminalSafetyTests {
    typealias E2E = SampleConversionTests
    typealias Over = RunsOverTimeTests
    typealias Output = CommandLineTests.Output

    /// ESC [31m (red), BEL, CSI as one C1 character, a right-to-left override, and CR LF.
    static let hostile = "\u{1B}[31mX\u{07}\u{9B}\u{202E}Y\r\nZ"
    /// `hostile` as the tool shows it: escaped the way a JSON string writes it.
    static let shown = #"\u001b[31mX\u0007\u009b\u202eY\r\nZ"#
    /// The same characters written for Python source (the test rewrites CSV files with Python).
    static let hostileInPython = #"\x1b[31mX\x07\x9b\u202eY\r\nZ"#

    static let sample = ["--mapping", "mappings/kunden-export.yaml", "--as-of", "2026-01-15", "--now", "2026-01-15T08:00:00"]

    /// The characters of `text` that a terminal would obey; a line feed ends a line the tool wrote.
    static func obeyed(_ text: String) -> [String] {
        text.unicodeScalars.filter { $0 != "\n" && TerminalText.needsEscaping($0) }
            .map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    static func expectShown(_ text: String, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(obeyed(text) == [], comment, sourceLocation: sourceLocation)
        #expect(text.contains(shown), "\(comment): \(text)", sourceLocation: sourceLocation)
    }

    /// Runs the tool with standard output on a pseudo-terminal, as a person at a terminal sees it,
    /// and standard error captured. The terminal's output processing is off, so the bytes read are
    /// the bytes written (no LF turned into CR LF).
    static func runOnTerminal(_ arguments: [String]) throws -> Output {
        // The pseudo-terminal calls (posix_openpt, ptsname) are not visible to Swift without
        // _XOPEN_SOURCE; their Linux form is an open of /dev/ptmx and two ioctls, whose request
        // numbers (_IOW/_IOR macros Swift cannot import) are those of <asm-generic/ioctls.h>.
        let (TIOCGPTN, TIOCSPTLCK): (UInt, UInt) = (0x8004_5430, 0x4004_5431)
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        var locked: CInt = 0
        var number: CUnsignedInt = 0
        try #require(ioctl(master, TIOCSPTLCK, &locked) == 0 && ioctl(master, TIOCGPTN, &number) == 0)
        let name = "/dev/pts/\(number)"
        let slave = open(name, O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        var settings = termios()
        try #require(tcgetattr(slave, &settings) == 0)
        settings.c_oflag &= ~tcflag_t(OPOST)
        try #require(tcsetattr(slave, TCSANOW, &settings) == 0)

        let process = Process()
        process.executableURL = E2E.binary
        process.currentDirectoryURL = E2E.packageRoot
        process.arguments = arguments
        let stderr = try CapturedOutput()
        process.standardOutput = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardError = stderr.handle
        do {
            try process.run()
        } catch {
            close(slave)
            throw error
        }
        close(slave)
        // Once the child exits and no one else holds the terminal, reading it ends (EIO).
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count > 0 {
                bytes += buffer[..<count]
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: bytes, as: UTF8.self),
                      stderr: String(decoding: try stderr.data(), as: UTF8.self))
    }

    @Test("preview of a rejected row shows a cell's control characters escaped in its errors")
    func previewErrors() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("export.csv")
        try Over.edited(Over.sample, to: input, changes: ["10000": ["Geburtsdatum": Self.hostile]])
        let rejected = try CommandLineTests.run(["preview", input.path] + Self.sample + ["--row", "2"])
        #expect(rejected.status == 1, "\(rejected.stderr)")
        Self.expectShown(rejected.stdout, "the row's errors")
        #expect(Self.obeyed(rejected.stderr) == [])
    }

    @Test("preview's main.json is written as built when standard output is not a terminal, and the same on a terminal when nothing needs escaping")
    func previewJSON() throws {
        let arguments = ["preview", "samples/kunden-export.csv"] + Self.sample + ["--row", "2"]
        let root = E2E.packageRoot
        var options = ConvertOptions(inputPath: root.appendingPathComponent("samples/kunden-export.csv").path,
                                     mappingPath: root.appendingPathComponent("mappings/kunden-export.yaml").path, outputDirectory: "")
        options.asOf = CivilDate(iso: "2026-01-15")
        options.now = CivilDateTime(iso: "2026-01-15T08:00:00")
        let built = try #require(try Preview.make(options, row: 2).mainJSON)
        let piped = try CommandLineTests.run(arguments)
        #expect(piped.status == 0)
        #expect(Array(piped.stdout.utf8) == Array(built.utf8), "byte for byte the JSON writer's main.json")
        let shown = try Self.runOnTerminal(arguments)
        #expect(shown.status == 0)
        #expect(Array(shown.stdout.utf8) == Array(built.utf8))
    }

    @Test("a header name with control characters is shown escaped in the mapping's errors (exit 2)",
          arguments: [("did you mean", #"\x1b"#, false), ("the header has", hostileInPython, true)])
    func headerNames(_ path: String, _ name: String, _ wholeValue: Bool) throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let input = try HeaderTests.rewritten(work, name: "export.csv", line: "line.replace('Vorname', '\"Vorname\(name)\"', 1) if i == 0 else line")
        let run = try CommandLineTests.run(["validate", input.path] + Self.sample + ["--out", work.appendingPathComponent("out").path])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(Self.obeyed(run.stderr) == [], "\(run.stderr)")
        #expect(run.stderr.contains(wholeValue ? "Vorname" + Self.shown : #"Vorname\u001b""#), "\(run.stderr)")
    }

    @Test("an option's value is shown escaped in the usage error")
    func optionValue() throws {
        let run = try CommandLineTests.run(["preview", "samples/kunden-export.csv", "--mapping", "mappings/kunden-export.yaml",
                                            "--as-of", Self.hostile, "--row", "2"])
        #expect(run.status == 2)
        Self.expectShown(run.stderr, "the usage error")
    }

    /// A package holding main.json whose surname carries `hostile` (its C0 characters JSON-escaped,
    /// the C1 and bidi characters raw, as JSON allows), its attachment and an entry named with `hostile`.
    static func hostilePackage() throws -> String {
        let main = String(decoding: try InspectTests.golden(), as: UTF8.self)
        let surname = "\"surName\":\"M" + #"\u001b[31mX\u0007"# + "\u{9B}\u{202E}" + #"Y\r\nZ"# + "\""
        let edited = main.replacingOccurrences(of: "\"surName\":\"Müller\"", with: surname)
        try #require(edited != main)
        return try InspectTests.zip([("main.json", Array(edited.utf8)), ("10000-ausweis.pdf", Array("%PDF-1.4\n".utf8)),
                                     ("notes" + Self.hostile + ".txt", [])])
    }

    @Test("inspect shows ZIP entry names and main.json values escaped in its findings")
    func inspectFindings() throws {
        let zip = try Self.hostilePackage()
        defer { InspectTests.remove(zip) }
        let run = try CommandLineTests.run(["inspect", "--as-of", "2026-01-15", zip])
        #expect(run.status == 1, "\(run.stdout)")
        Self.expectShown(run.stdout, "the findings")
        #expect(Self.obeyed(run.stderr) == [])
    }

    @Test("inspect --show on a terminal escapes what JSON leaves raw; piped, it writes the payload as built")
    func inspectShow() throws {
        let zip = try Self.hostilePackage()
        defer { InspectTests.remove(zip) }
        let arguments = ["inspect", "--show", "--as-of", "2026-01-15", zip]
        let shown = try Self.runOnTerminal(arguments)
        #expect(shown.status == 1)
        Self.expectShown(shown.stdout, "the payload on a terminal")
        #expect((try? JSONSerialization.jsonObject(with: Data(shown.stdout.utf8))) != nil, "still JSON, with the same values")
        Self.expectShown(shown.stderr, "the findings on standard error")

        let piped = try CommandLineTests.run(arguments)
        #expect(piped.stdout.contains("\u{9B}\u{202E}"), "piped: the JSON writer's own text")
        let json = try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any]
        let customer = (json?["customers"] as? [[String: Any]])?.first
        #expect((customer?["person"] as? [String: Any])?["surName"] as? String == "M" + Self.hostile)

        let listed = try Self.runOnTerminal(["inspect", "--json", "--as-of", "2026-01-15", zip])
        #expect(Self.obeyed(listed.stdout) == [], "\(listed.stdout)")
        #expect((try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8))) != nil)
    }

    @Test("control characters, C1, bidi controls and line separators are escaped; other text is left alone",
          arguments: [
              ("\u{1B}[31m", #"\u001b[31m"#), ("\u{07}", #"\u0007"#), ("a\r\nb\tc", #"a\r\nb\tc"#), ("\u{7F}", #"\u007f"#),
              ("\u{80}\u{9F}", #"\u0080\u009f"#), ("\u{202A}\u{202E}\u{2066}\u{2069}", #"\u202a\u202e\u2066\u2069"#),
              ("\u{200E}\u{200F}\u{061C}", #"\u200e\u200f\u061c"#), ("\u{2028}\u{2029}", #"\u2028\u2029"#),
              ("Müller, Łódź, 東京, \u{200D}, \\u001b", "Müller, Łódź, 東京, \u{200D}, \\u001b"),
          ])
    func escaping(_ text: String, _ expected: String) {
        #expect(TerminalText.escaped(text) == expected)
        #expect(TerminalText.escaped(expected) == expected, "escaping twice changes nothing")
    }
}
