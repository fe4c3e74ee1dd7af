import Foundation
import Testing
@testable import RelianceKit

@Suite("Dates and times")
struct CivilDateTests {
    @Test("--as-of and the payload's dates read YYYY-MM-DD and nothing else",
          arguments: [("2026-01-15", "2026-01-15"), ("2024-02-29", "2024-02-29"), ("9999-12-31", "9999-12-31"),
                      ("2026-02-29", nil), ("0000-01-01", nil), ("2026-1-15", nil), ("2026-01-15 ", nil),
                      ("２０２６-01-15", nil), ("2026-01-15T08:00", nil), ("", nil)] as [(String, String?)])
    func isoDates(_ text: String, _ read: String?) {
        #expect(CivilDate(iso: text)?.description == read)
    }

    @Test("--now and the payload's time stamps read YYYY-MM-DDTHH:mm[:ss[.fraction]] without an offset, and nothing else",
          arguments: [("2026-01-15T08:00:00", "2026-01-15T08:00:00"), ("2026-01-15 08:05", "2026-01-15T08:05:00"),
                      ("2026-01-15T08:00:07.123456789", "2026-01-15T08:00:07"), ("2026-01-15T08:00:07,5", "2026-01-15T08:00:07"),
                      ("2026-01-15T08:00:00.1234567890", nil), ("2026-01-15T08:00:00Z", nil), ("2026-01-15T08:00:00+01:00", nil),
                      ("2026-01-15T24:00:00", nil), ("2026-01-15T08:60", nil), ("2026-01-15T08", nil), ("2026-01-15T08:00:0", nil),
                      ("2026-01-15", nil)] as [(String, String?)])
    func isoTimes(_ text: String, _ read: String?) {
        #expect(CivilDateTime(iso: text)?.description == read)
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
