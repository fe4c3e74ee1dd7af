import Foundation
import Testing
@testable import RelianceKit

@Suite("Dates and times")
struct CivilDateTests {
    @Test("the ISO forms of --as-of, --now and the payload read as the date reader's ISO reading does, and nothing else",
          arguments: ["2026-01-15", "2026-02-29", "2024-02-29", "0000-01-01", "9999-12-31", "2026-1-15", "2026-01-15 ", "２０２６-01-15",
                      "2026-01-15T08:00:00", "2026-01-15 08:00", "2026-01-15T08:00:00.123456789", "2026-01-15T08:00:00,5",
                      "2026-01-15T08:00:00.1234567890", "2026-01-15T08:00:00Z", "2026-01-15T08:00:00+01:00", "2026-01-15T24:00:00",
                      "2026-01-15T08:60", "2026-01-15T08", "2026-01-15T08:00:0", "2026-01-15T08:00:00.", ""])
    func isoForms(_ text: String) {
        // What the run options read with before dates had a reading of their own in the model.
        let fields = DateReader.iso(text)
        let date = fields.flatMap { $0.hour == nil && text.count == 10 ? CivilDate(year: $0.year, month: $0.month, day: $0.day) : nil }
        let stamp = fields.flatMap { fields -> CivilDateTime? in
            guard fields.offset == nil, let hour = fields.hour,
                  let date = CivilDate(year: fields.year, month: fields.month, day: fields.day) else { return nil }
            return CivilDateTime(date: date, hour: hour, minute: fields.minute ?? 0, second: fields.second ?? 0)
        }
        #expect(CivilDate(iso: text) == date)
        #expect(CivilDateTime(iso: text) == stamp)
    }

    @Test("timestamps from 1583 to 9999, about one a year at shifting times of day, read back as Foundation's calendar gives them")
    func matchesCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: 0))
        // Foundation's Gregorian calendar is Julian before October 1582; this project's is Gregorian throughout.
        let first = try #require(CivilDate(year: 1583, month: 1, day: 1)).daysSinceEpoch * 86_400
        let last = try #require(CivilDate(year: 9999, month: 12, day: 31)).daysSinceEpoch * 86_400 + 86_399
        var seconds = first
        while seconds <= last {
            let stamp = CivilDateTime(secondsSinceEpoch: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect([stamp.date.year, stamp.date.month, stamp.date.day, stamp.hour, stamp.minute, stamp.second]
                == [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second], "\(seconds)")
            #expect(stamp.secondsSinceEpoch == seconds)
            seconds += 7 * 86_400 * 53 + 7 * 3_600 + 7 * 60 + 7
        }
    }

    @Test("a customer's value is no larger than a text's: a timestamp, its largest other case, fits beside it")
    func compactValues() {
        #expect(MemoryLayout<CivilDateTime>.size <= MemoryLayout<String>.size)
        #expect(MemoryLayout<Scalar>.size <= MemoryLayout<String>.size + 1)
    }
}
