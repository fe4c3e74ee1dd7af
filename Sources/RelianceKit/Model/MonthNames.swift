/// German and English month names and abbreviations.
enum MonthNames {
    static func month(_ word: String) -> Int? {
        table[MatchKey.umlautsExpanded(word)] ?? table[MatchKey.umlautsDropped(word)]
    }

    private static let table: [String: Int] = {
        let names: [[String]] = [
            ["januar", "january", "jan", "jaenner", "janner"],
            ["februar", "february", "feb", "febr"],
            ["maerz", "march", "mar", "maer", "mrz", "marz"],
            ["april", "apr"],
            ["mai", "may"],
            ["juni", "june", "jun"],
            ["juli", "july", "jul"],
            ["august", "aug"],
            ["september", "sep", "sept"],
            ["oktober", "october", "okt", "oct"],
            ["november", "nov"],
            ["dezember", "december", "dez", "dec"],
        ]
        var table: [String: Int] = [:]
        for (index, spellings) in names.enumerated() {
            for spelling in spellings { table[spelling] = index + 1 }
        }
        return table
    }()
}
