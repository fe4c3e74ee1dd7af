/// The parts a date text gave, before they are checked against the calendar.
struct DateFields: Sendable {
    var year = 0
    var month = 0
    var day = 0
    var twoDigitYear = false
    /// As written: 0 to 23, or 1 to 12 when `isPM` is set.
    var hour: Int?
    var minute: Int?
    var second: Int?
    /// Seconds east of UTC when the text carried `Z` or an offset.
    var offset: Int?
    /// Whether a 12-hour time said PM (true) or AM (false); nil for a 24-hour time.
    var isPM: Bool?

    /// The hour on a 24-hour clock, 0 when the text gave none; nil when a 12-hour time's hour is
    /// not 1 to 12 (`13:05 PM`, `00:05 AM` are no times).
    var hourOfDay: Int? {
        guard let isPM else { return hour ?? 0 }
        guard let hour, (1...12).contains(hour) else { return nil }
        return hour % 12 + (isPM ? 12 : 0)
    }
}
