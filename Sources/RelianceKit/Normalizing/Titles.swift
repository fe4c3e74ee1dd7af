/// Reads the academic titles Concedus accepts: `Dr.`, `Prof.` and `Prof. Dr.`.
enum Titles {
    static func canonical(_ text: String, aliases: [String: String]) -> String? {
        if let alias = aliases[text.lowercased()] { return canonical(alias, aliases: [:]) }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        // `Dr. med.`, `Dr. rer. nat.`, `Dr.-Ing.`, `Dipl.-Kfm. Dr.` are doctors; the faculty is not sent.
        let isDoctor = words.contains { $0 == "dr" || $0 == "doktor" || $0 == "doctor" || $0 == "drs" }
        let isProfessor = words.contains { $0 == "prof" || $0 == "professor" || $0 == "professorin" }
        switch (isProfessor, isDoctor) {
        case (true, true): return "Prof. Dr."
        case (true, false): return "Prof."
        case (false, true): return "Dr."
        case (false, false): return nil
        }
    }
}
