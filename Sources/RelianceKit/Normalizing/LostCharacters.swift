/// The `?` an office program writes for a letter the code page it saves in lacks: Windows-1252
/// has no ş, ı, İ or ğ (`Ayşe Öztürk` → `Ay?e Öztürk`, `İstanbul` → `?stanbul`) and no Cyrillic,
/// Greek or Chinese at all (`Иван` → `????`).
enum LostCharacters {
    /// Whether `text` holds a `?` next to a letter, before or after it, or two in a row. A `?` on
    /// its own (`?`, `Anna ? Maria`, `Leipzig (?)`) stands for itself: a placeholder or a doubt
    /// someone typed.
    static func appear(in text: String) -> Bool {
        // Most values hold no `?`: one pass over their bytes answers them.
        guard text.anyByte({ $0 == UInt8(ascii: "?") }) else { return false }
        var before: Unicode.Scalar?
        var pending = false
        for scalar in text.unicodeScalars {
            if pending, scalar == "?" || scalar.properties.isAlphabetic { return true }
            pending = false
            if scalar == "?" {
                if let before, before == "?" || before.properties.isAlphabetic { return true }
                pending = true
            }
            before = scalar
        }
        return false
    }
}
