/// The parts a date text gave, before they are checked against the calendar.
struct DateFields: Sendable {
    var year = 0
    var month = 0
    var day = 0
    var twoDigitYear = false
    var hour: Int?
    var minute: Int?
    var second: Int?
    /// Seconds east of UTC when the text carried `Z` or an offset.
    var offset: Int?
}
