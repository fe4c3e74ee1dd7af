/// Value memos kept from one row plan to the next, for the studio, which evaluates the same rows
/// again after every edit: a line whose recipe did not change keeps what each of its spellings
/// normalized to, so an edit normalizes afresh only the values of the lines it changed.
///
/// A memo's results hold only while the normalizer is the same: the session starts a new bank
/// when the mapping's settings change. One worker's, as its memos are; not `Sendable`.
final class MemoBank {
    private var kept: [String: ValueMemo] = [:]
    private var taken: [String: ValueMemo] = [:]

    /// The memo of leaf `position` of field `path`: the earlier plan's when the leaf reads the same
    /// way, else a new one. Memos keep their bound and their trial: one that kept every spelling
    /// (names, e-mail addresses, IBANs) measured slower on the realistic export than reading them
    /// again, a lookup in a large table costing more than the normalizing it saves.
    func memo(path: String, position: Int, leaf: Leaf, kind: ValueKind) -> ValueMemo {
        let key = "\(path)#\(position)#\(MemoBank.recipe(leaf))"
        if let memo = taken[key] ?? kept[key] {
            taken[key] = memo
            return memo
        }
        let memo = ValueMemo(kind: kind)
        taken[key] = memo
        return memo
    }

    /// Ends a plan: the memos it did not take (lines edited away) are let go.
    func settle() {
        kept = taken
        taken = [:]
    }

    /// Everything of a leaf that decides what a spelling becomes; not where it stands in the file.
    static func recipe(_ leaf: Leaf) -> String {
        let source = switch leaf.source {
        case let .column(name, index): "column:\(index):\(name)"
        case let .columns(columns, join): "columns:\(columns.map { "\($0.index):\($0.name)" }):\(join)"
        case let .template(parts): "template:" + parts.map { part in
            switch part {
            case let .literal(text): "l:\(text.utf8.count):\(text)"
            case let .column(name, index): "c:\(index):\(name)"
            }
        }.joined(separator: "|")
        case let .constant(text): "const:\(text)"
        case let .uuid5(columns): "uuid5:\(columns.map { "\($0.index):\($0.name)" })"
        }
        let table = leaf.valueMap.sorted { $0.key < $1.key }.map { "\($0.key.utf8.count):\($0.key)=\($0.value)" }.joined(separator: "|")
        return [source, leaf.defaultValue.map { "default:" + $0 } ?? "", "formats:\(leaf.formats)", "map:" + table, "split:" + (leaf.split ?? "")]
            .map { "\($0.utf8.count):\($0)" }.joined()
    }
}
