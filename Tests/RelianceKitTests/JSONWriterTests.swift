import Foundation
import Testing
@testable import RelianceKit

@Suite("main.json writer")
struct JSONWriterTests {
    @Test("strings are copied whole when plain and escaped when not; Foundation reads back the same text", arguments: [
        "Anna Maria", "Müller-Lüdenscheidt", "Straße 5 😀", "", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak\r\n",
        "\u{01}\u{1F}", "ends with quote\"", "\u{7F} is not escaped",
    ])
    func strings(_ text: String) throws {
        var out: [UInt8] = []
        JSONWriter.writeString(text, &out)
        let written = String(decoding: out, as: UTF8.self)
        #expect(written.first == "\"" && written.last == "\"")
        #expect(!out.contains { $0 < 0x20 }, "control characters must be escaped")
        let read = try JSONSerialization.jsonObject(with: Data(out), options: [.fragmentsAllowed]) as? String
        #expect(read == text)
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            #expect(Array(out.dropFirst().dropLast()) == Array(text.utf8))
        }
    }

    @Test("a string that is not contiguous UTF-8 is written the same")
    func bridged() throws {
        let native = "Grüße \"x\""
        let other = String(NSString(string: native))
        var a: [UInt8] = []
        var b: [UInt8] = []
        JSONWriter.writeString(native, &a)
        JSONWriter.writeString(other, &b)
        #expect(a == b)
    }
}
