extension CivilDate {
    /// Reads `YYYY-MM-DD`: how `--as-of` and the payload's dates are written.
    public init?(iso text: String) {
        guard let fields = DateFields.iso(text), fields.hour == nil, text.count == 10,
              let date = CivilDate(year: fields.year, month: fields.month, day: fields.day) else { return nil }
        self = date
    }
}

extension CivilDateTime {
    /// Reads `YYYY-MM-DDTHH:mm[:ss]` (a space for the `T`, a fraction of a second dropped) without
    /// a UTC offset: how `--now` and the payload's time stamps are written.
    public init?(iso text: String) {
        guard let fields = DateFields.iso(text), fields.offset == nil, let hour = fields.hour,
              let date = CivilDate(year: fields.year, month: fields.month, day: fields.day) else { return nil }
        self.init(date: date, hour: hour, minute: fields.minute ?? 0, second: fields.second ?? 0)
    }
}
