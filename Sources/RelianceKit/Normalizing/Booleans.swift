/// Reads yes/no values in German and English.
enum Booleans {
    static func value(_ text: String, aliases: [String: String]) -> Bool? {
        let key = text.lowercased()
        if let alias = aliases[key] { return value(alias, aliases: [:]) }
        switch key {
        case "true", "yes", "ja", "j", "y", "1", "wahr", "x": return true
        case "false", "no", "nein", "n", "0", "falsch": return false
        default: return nil
        }
    }
}
