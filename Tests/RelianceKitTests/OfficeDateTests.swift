import Foundation
import Testing
@testable import RelianceKit

/// Normalizes `raw` as a date of `role`, or as a timestamp when `role` is nil, at `asOf`.
private func read(_ raw: String, _ role: DateRole?, formats: [String] = [], order: Settings.DateOrder = .dmy,
                  asOf: CivilDate = CivilDate(year: 2026, month: 1, day: 15)!) -> (value: String?, findings: [Finding]) {
    var settings = Settings()
    settings.dateOrder = order
    let normalizer = Normalizer(settings: settings, asOf: asOf)
    var findings: [Finding] = []
    let value = normalizer.normalize(raw, kind: role.map(ValueKind.date) ?? .timestamp, patterns: formats.compactMap(DatePattern.init),
                                     path: "field", findings: &findings)
    return (value?.shown, findings.filter { $0.severity != .note })
}

/// Dates as Excel and LibreOffice write them when a person fixes `rejects.csv` and saves it as CSV
/// in German, English (UK) or US locale: two-digit years, 12-hour times with AM/PM.
@Suite("Dates as office programs write them")
struct OfficeDateTests {
    @Test("a two-digit year is the latest year with those digits that the field allows at the as-of date", arguments: [
        // Birth: the customer is 18 or older, so not after 2008 at 2026-01-15.
        ("06.06.57", DateRole.birth, "1957-06-06"), ("01.01.08", .birth, "2008-01-01"), ("01.01.05", .birth, "2005-01-01"),
        ("31.12.27", .birth, "1927-12-31"),
        // Dates that have happened: not after 2026.
        ("01.01.26", .past, "2026-01-01"), ("01.01.27", .past, "1927-01-01"), ("02.05.19", .past, "2019-05-02"),
        // Expiry: up to 50 years after the as-of year, 2076.
        ("01.01.30", .expiry, "2030-01-01"), ("31.12.76", .expiry, "2076-12-31"), ("01.01.77", .expiry, "1977-01-01"),
    ])
    func twoDigitYears(_ raw: String, _ role: DateRole, _ expected: String) {
        #expect(read(raw, role).value == expected)
        #expect(read(raw, role, formats: ["dd.MM.yy"]).value == expected)
    }

    @Test("a birth year whose later century would make the customer under 18 is read in the century before", arguments: [
        ("01.01.10", "1910-01-01"), ("20.01.26", "1926-01-20"), ("31.12.09", "1909-12-31"),
    ])
    func birthYearsACenturyBack(_ raw: String, _ expected: String) throws {
        let reader = DateReader(order: .dmy, asOf: try #require(CivilDate(year: 2026, month: 1, day: 15)), zone: try #require(TimeZone(identifier: "Europe/Berlin")))
        #expect(try reader.readDate(raw, patterns: [], role: .birth).get().date.description == expected)
    }

    @Test("the window moves with the as-of date")
    func windowMovesWithAsOf() throws {
        let later = try #require(CivilDate(year: 2090, month: 6, day: 1))
        #expect(read("01.01.10", .birth, asOf: later).value == "2010-01-01")
        #expect(read("01.01.95", .birth, asOf: later).value == "1995-01-01")
        #expect(read("01.01.73", .birth, asOf: later).findings.map(\.code) == [.ambiguousBirthYear])
        #expect(read("01.01.95", .past, asOf: later).value == "1995-01-01")
        #expect(read("01.01.40", .expiry, asOf: later).value == "2140-01-01")
    }

    @Test("timestamps read two-digit years as dates that have happened")
    func timestampYears() {
        #expect(read("02.11.24 14:05", nil).value == "2024-11-02T14:05:00")
        #expect(read("02.11.27 14:05", nil).value == "1927-11-02T14:05:00")
    }

    @Test("a two-digit birth year put a century back although the later century is past too is an error: a re-saved minor never converts as a centenarian")
    func doubtfulCentury() {
        let (value, findings) = read("14.07.10", .birth)
        #expect(value == nil)
        #expect(findings.map(\.code) == [.ambiguousBirthYear])
        #expect(findings.first?.severity == .error)
        #expect(findings.first?.message == "\"14.07.10\" has a two-digit year: as 1910 the customer would be 115, as 2010 younger than 18; write the year in full")
        #expect(read("01.01.26", .birth).findings.map(\.code) == [.ambiguousBirthYear])
        // Four digits are not a guess, and a year whose later century is still ahead is no doubt either.
        #expect(read("14.07.1910", .birth).findings.isEmpty)
        #expect(read("06.06.57", .birth).findings.isEmpty)
        #expect(read("01.01.27", .birth).findings.isEmpty)
    }

    @Test("12-hour times with AM/PM, in the spellings office programs write", arguments: [
        ("01/20/25 03:26 PM", "MM/dd/yy hh:mm a", "2025-01-20T15:26:00"), ("1/20/25 3:26 PM", "M/d/yy h:mm a", "2025-01-20T15:26:00"),
        ("01/20/2025 12:05 AM", "MM/dd/yyyy hh:mm a", "2025-01-20T00:05:00"), ("01/20/2025 12:05 PM", "MM/dd/yyyy hh:mm a", "2025-01-20T12:05:00"),
        ("01/20/2025 11:59 pm", "MM/dd/yyyy hh:mm a", "2025-01-20T23:59:00"), ("01/20/2025 9:07 a.m.", "MM/dd/yyyy h:mm a", "2025-01-20T09:07:00"),
        ("01/20/2025 9:07 P.M.", "MM/dd/yyyy h:mm a", "2025-01-20T21:07:00"), ("1/20/2025 3:26:07 PM", "M/d/yyyy h:mm:ss a", "2025-01-20T15:26:07"),
        ("20.01.2025 3:26PM", "dd.MM.yyyy h:mma", "2025-01-20T15:26:00"),
    ])
    func twelveHourTimes(_ raw: String, _ format: String, _ expected: String) {
        #expect(read(raw, nil, formats: [format]).value == expected)
    }

    @Test("a 12-hour time outside 1 to 12, or without AM or PM, is no time", arguments: [
        ("01/20/2025 13:05 PM", FindingCode.invalidTimestamp), ("01/20/2025 00:05 AM", .invalidTimestamp), ("01/20/2025 03:05 XM", .invalidTimestamp),
        ("01/20/2025 03:05", .invalidTimestamp),
    ])
    func badTwelveHourTimes(_ raw: String, _ code: FindingCode) {
        let (value, findings) = read(raw, nil, formats: ["MM/dd/yyyy hh:mm a"])
        #expect(value == nil)
        #expect(findings.map(\.code) == [code])
    }

    @Test("auto reads what Excel and LibreOffice save in German, UK and US locale, day and month by date_order", arguments: [
        ("06.06.57", Settings.DateOrder.dmy, DateRole?.some(.birth), "1957-06-06"), ("6.6.1957", .dmy, .birth, "1957-06-06"),
        ("06.06.1957 14:35", .dmy, nil, "1957-06-06T14:35:00"), ("06.06.57 14:35", .dmy, nil, "1957-06-06T14:35:00"),
        ("20/01/2025", .dmy, .past, "2025-01-20"), ("20/01/2025 15:26", .dmy, nil, "2025-01-20T15:26:00"),
        ("20/01/2025 15:26:09", .dmy, nil, "2025-01-20T15:26:09"), ("20/01/25", .dmy, .past, "2025-01-20"),
        ("1/20/25 3:26 PM", .mdy, nil, "2025-01-20T15:26:00"), ("01/20/25 03:26 PM", .mdy, nil, "2025-01-20T15:26:00"),
        ("01/20/2025 15:26", .mdy, nil, "2025-01-20T15:26:00"), ("1/20/2025 3:26:07 PM", .mdy, nil, "2025-01-20T15:26:07"),
        ("1/20/2025 12:10 am", .mdy, nil, "2025-01-20T00:10:00"), ("1/20/25 3:26PM", .mdy, nil, "2025-01-20T15:26:00"),
        ("1/20/25", .mdy, .past, "2025-01-20"), ("1/20/2025 3:26 PM", .mdy, .past, "2025-01-20"),
    ])
    func autoSpellings(_ raw: String, _ order: Settings.DateOrder, _ role: DateRole?, _ expected: String) {
        #expect(read(raw, role, order: order).value == expected)
        #expect(read(raw, role, formats: ["dd.MM.yyyy", "auto"], order: order).value == expected)
    }

    @Test("auto never swaps day and month for a value: a US date in a day-first export is an error")
    func autoKeepsOrder() {
        #expect(read("1/20/25 3:26 PM", nil).value == nil)
        #expect(read("01/20/2025", .past).value == nil)
        #expect(read("13:26 PM 1/20/25", nil, order: .mdy).value == nil)
        #expect(read("1/20/25 13:26 PM", nil, order: .mdy).value == nil)
    }

    @Test("a date no format reads names the formats tried and the format that would read it", arguments: [
        ("01/20/25 03:26 PM", ["dd.MM.yyyy", "yyyy-MM-dd"], DateRole?.none,
         "\"01/20/25 03:26 PM\" matches none of dd.MM.yyyy, yyyy-MM-dd, ISO 8601; add \"MM/dd/yy hh:mm a\" to the field's format to read it"),
        ("06.06.57", ["dd.MM.yyyy"], .birth,
         "\"06.06.57\" matches none of dd.MM.yyyy, ISO 8601; add \"dd.MM.yy\" to the field's format to read it"),
        ("1/20/25 3:26 PM", ["dd.MM.yyyy HH:mm"], nil,
         "\"1/20/25 3:26 PM\" matches none of dd.MM.yyyy HH:mm, ISO 8601; add \"M/d/yy h:mm a\" to the field's format to read it"),
        ("06.06.1957 14:35", ["dd.MM.yyyy"], .birth,
         "\"06.06.1957 14:35\" matches none of dd.MM.yyyy, ISO 8601; add \"dd.MM.yyyy HH:mm\" to the field's format to read it"),
        ("Montag 5", ["dd.MM.yyyy", "auto"], .birth, "\"Montag 5\" matches none of dd.MM.yyyy, auto, ISO 8601"),
        ("01/02/25", ["dd.MM.yyyy"], .past,
         "\"01/02/25\" matches none of dd.MM.yyyy, ISO 8601; add \"dd/MM/yy\" or \"MM/dd/yy\" to the field's format, whichever order the export writes"),
        ("Montag", ["dd.MM.yyyy"], .birth, "\"Montag\" matches none of dd.MM.yyyy, ISO 8601"),
        ("1/20/25 3:26 PM", [], nil,
         "\"1/20/25 3:26 PM\" is not a date and time in the calendar; add \"M/d/yy h:mm a\" to the field's format to read it"),
        ("31.02.1990", ["dd.MM.yyyy"], .birth, "\"31.02.1990\" is not a date in the calendar"),
    ])
    func unreadMessages(_ raw: String, _ formats: [String], _ role: DateRole?, _ message: String) {
        let (value, findings) = read(raw, role, formats: formats)
        #expect(value == nil)
        #expect(findings.map(\.message) == [message])
        #expect(findings.first?.raw == raw)
    }
}

@Suite("Date patterns")
struct DatePatternTests {
    @Test("a pattern letter the reader does not know is named, with the way to write literal text", arguments: [
        ("dd.MM.yyyy hh:mm x", "x is not a pattern letter; the letters are y M d H h m s a, and other text goes in quotes ('x')"),
        ("yyyy-MM-ddTHH:mm", "T is not a pattern letter; the letters are y M d H h m s a, and other text goes in quotes ('T')"),
        ("dd.MM.yyyy HH:mm:ss.SSS", "S is not a pattern letter; the letters are y M d H h m s a, and other text goes in quotes ('S')"),
        ("EEE, dd MMM yyyy", "E is not a pattern letter; the letters are y M d H h m s a, and other text goes in quotes ('E')"),
        ("dd.MM.yyyy hh:mm", "hh (12-hour) needs a (AM/PM); for a 24-hour time write HH"),
        ("dd.MM.yyyy HH:mm a", "a (AM/PM) goes with a 12-hour hh or h, not HH"),
        ("dd.MM.yyyy hh:mm aa", "aa is not a pattern token"),
    ])
    func unknownLetters(_ pattern: String, _ problem: String) {
        #expect(DatePattern.problem(in: pattern) == problem)
        #expect(DatePattern(pattern) == nil)
    }

    @Test("quoted letters, 12-hour times and every token are accepted", arguments: [
        "yyyy-MM-dd'T'HH:mm", "dd.MM.yyyy 'um' HH:mm 'Uhr'", "MM/dd/yy hh:mm a", "M/d/yyyy h:mm:ss a", "d. MMM yyyy", "dd.MM.yy H:m:s",
    ])
    func acceptedPatterns(_ pattern: String) {
        #expect(DatePattern.problem(in: pattern) == nil)
    }
}

/// A row of `rejects.csv` fixed and saved by LibreOffice or Excel, through the whole row pipeline
/// with a mapping that gives no formats (the built-in readings).
@Suite("Rows re-saved by office programs")
struct ResavedRowTests {
    @Test("a row re-saved in German locale converts; a minor's re-saved birth date is refused, not read a century back")
    func german() throws {
        let harness = try RowHarness()
        let resaved = ["Geburtsdatum": "12.03.85", "Ausgestellt": "02.05.19", "Ablauf": "01.05.29",
                       "Freigabe": "02.11.24 14:05", "Aktualisiert": "02.11.24 14:10"]
        let outcome = harness.run(resaved)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(harness.run().customer == outcome.customer)
        #expect(harness.errorCodes(["Geburtsdatum": "14.07.2010"]) == [.tooYoung])
        #expect(harness.errorCodes(["Geburtsdatum": "14.07.10"]) == [.ambiguousBirthYear])
    }

    @Test("a row re-saved in US locale converts when date_order is MDY")
    func american() throws {
        let harness = try RowHarness { $0.dateOrder = .mdy }
        let resaved = ["Geburtsdatum": "3/12/85", "Ausgestellt": "05/02/19", "Ablauf": "05/01/29",
                       "Freigabe": "11/02/24 02:05 PM", "Aktualisiert": "11/2/24 2:10 PM"]
        let outcome = harness.run(resaved)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let german = try RowHarness()
        #expect(german.run().customer == outcome.customer)
    }
}
