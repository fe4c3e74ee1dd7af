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
        let out = JSONWriter.literal(text)
        let written = String(decoding: out, as: UTF8.self)
        #expect(written.first == "\"" && written.last == "\"")
        #expect(!out.contains { $0 < 0x20 }, "control characters must be escaped")
        let read = try JSONSerialization.jsonObject(with: Data(out), options: [.fragmentsAllowed]) as? String
        #expect(read == text)
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            #expect(Array(out.dropFirst().dropLast()) == Array(text.utf8))
        }
    }

    @Test("the byte sink keeps every byte in order as it grows from its smallest size")
    func byteSink() {
        var sink = ByteSink(capacity: 1)
        var expected: [UInt8] = []
        for round in 0..<500 {
            let run = [UInt8]((0..<(round % 37)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ round) })
            sink.append(run)
            sink.append(UInt8(truncatingIfNeeded: round))
            expected += run + [UInt8(truncatingIfNeeded: round)]
        }
        sink.append("end")
        #expect(sink.count == expected.count + 3)
        #expect(sink.finish() == expected + Array("end".utf8))
    }

    @Test("dates and times are written with four-digit years and two-digit fields, and a year beyond 9999 whole")
    func datesAndTimes() throws {
        let first = try #require(CivilDate(year: 1, month: 2, day: 3))
        let last = try #require(CivilDate(year: 9999, month: 12, day: 31))
        #expect(first.description == "0001-02-03")
        #expect(last.description == "9999-12-31")
        #expect(try #require(CivilDateTime(date: first, hour: 4, minute: 5, second: 6)).description == "0001-02-03T04:05:06")
        #expect(try #require(CivilDateTime(date: last, hour: 23, minute: 59, second: 59)).description == "9999-12-31T23:59:59")
        // An offset can carry the last second past year 9999, where the year has five digits.
        let beyond = CivilDateTime(secondsSinceEpoch: last.daysSinceEpoch * 86_400 + 86_400 + 3_661)
        #expect(beyond.description == "10000-01-01T01:01:01")
        #expect(CivilDate(daysSinceEpoch: last.daysSinceEpoch + 1).description == "10000-01-01")
    }

    @Test("a string that is not contiguous UTF-8 is written the same")
    func bridged() throws {
        let native = "Grüße \"x\""
        let other = String(NSString(string: native))
        #expect(JSONWriter.literal(native) == JSONWriter.literal(other))
    }
}
