/// Reads one row through the mapping into a customer record shaped like the schema,
/// normalizing every value and collecting every problem on the way.
///
/// Not `Sendable`: its plan holds one worker's value memos.
struct RowEvaluator {
    let mapping: Mapping
    let normalizer: Normalizer
    let plan: RowPlan
    /// What normalizers rewrote in the current row, where notes are logged (`NoteKeeping.log`).
    let noteLog = NoteLog()
    /// The customer's `modified` when mapped: read before the walk, since it is every sub-object's default.
    private let modifiedField: RowPlan.PlannedField?

    init(mapping: Mapping, normalizer: Normalizer, bank: MemoBank? = nil) {
        self.mapping = mapping
        self.normalizer = normalizer
        plan = RowPlan(fields: RelianceSchema.customer, mapping: mapping.customer, path: "", bank: bank)
        modifiedField = plan.fields.first { $0.isCustomerModified }
        settleConstants(plan)
    }

    /// Evaluates once the objects every row gives the same record (a professional's classification
    /// when only the flag is mapped): rows then share that record instead of building it again.
    private func settleConstants(_ plan: RowPlan) {
        for entry in plan.fields {
            switch entry.shape {
            case .object:
                guard let child = entry.child else { continue }
                guard child.isConstant else {
                    settleConstants(child)
                    continue
                }
                var findings: [Finding] = []
                let record = object(child, row: [], context: Context(id: "", index: nil, modified: nil, notes: .findings),
                                    findings: &findings)
                // A constant object reports nothing; should one ever report, it is evaluated per row.
                if findings.isEmpty { child.constant = record }
            case .list:
                for item in entry.items { settleConstants(item.plan) }
            case .leaf, .array:
                break
            }
        }
    }

    /// A top-level value read before the walk, with its findings, which the walk puts in place.
    private struct ReadAhead {
        let value: Scalar?
        let findings: [Finding]
    }

    /// What one row became.
    struct Result {
        var customer: Record
        var findings: [Finding]
    }

    /// Per-object context for default keys and `modified`.
    private struct Context {
        let id: String
        let index: Int?
        let modified: Scalar?
        let notes: NoteKeeping
        /// Whether `id` holds only characters a key allows, checked once per row: a key built
        /// from it (`PREFIX_id` or `PREFIX_id_n`) is then valid whenever it is short enough.
        var idIsKeySafe = false

        /// The same context for the list item numbered `index`.
        func item(_ index: Int) -> Context {
            Context(id: id, index: index, modified: modified, notes: notes, idIsKeySafe: idIsKeySafe)
        }
    }

    /// - Parameter notes: where the notes of what normalizers changed go: the findings, or counted
    ///   in the plan's value memos (and logged for the row).
    func evaluate(_ row: [String], now: CivilDateTime, notes: NoteKeeping = .findings) -> Result {
        var findings: [Finding] = []
        let rawID = mapping.id.text(in: row)
        let cleanedID = Normalizer.clean(rawID)
        let id = cleanedID ?? ""
        if cleanedID == nil {
            findings.append(Finding(.error, .controlCharacter, field: "customer.id", raw: rawID,
                                    "the customer id (\(mapping.id.columnNames.joined(separator: ", "))) \(quoted(rawID.debugEscaped)) holds a control character; keys cannot be built"))
        } else if id.isEmpty {
            findings.append(Finding(.error, .missingValue, field: "customer.id", raw: "",
                                    "the customer id (\(mapping.id.columnNames.joined(separator: ", "))) is empty; keys cannot be built"))
        }
        // Every sub-object's `modified` defaults to the customer's, which may itself be mapped. It is
        // read once, here; its findings are reported where the walk meets the field.
        var modified = Scalar.timestamp(now)
        var readAhead: ReadAhead?
        if let entry = modifiedField {
            var found: [Finding] = []
            let value = scalar(entry, row: row, context: Context(id: id, index: nil, modified: modified, notes: notes), findings: &found)
            if let value { modified = value }
            readAhead = ReadAhead(value: value, findings: found)
        }
        let context = Context(id: id, index: nil, modified: modified, notes: notes,
                              idIsKeySafe: KeyRule.problem(id) == nil)
        let customer = object(plan, row: row, context: context, readAhead: readAhead, findings: &findings)
        return Result(customer: customer, findings: findings)
    }

    // MARK: Walking the schema

    private func object(_ plan: RowPlan, row: [String], context: Context, readAhead: ReadAhead? = nil,
                        findings: inout [Finding]) -> Record {
        var record = Record()
        record.fields.reserveCapacity(plan.mostPresent)
        plan.forEachField { entry in
            switch entry.shape {
            case .leaf where entry.isCustomerModified:
                // Read ahead by `evaluate`: its value and findings are put in place here.
                if let found = readAhead?.findings, !found.isEmpty { findings.append(contentsOf: found) }
                if let value = readAhead?.value { record.fields.append(Record.Member(entry.name, .scalar(value))) }
            case .leaf:
                if let value = scalar(entry, row: row, context: context, findings: &findings) {
                    record.fields.append(Record.Member(entry.name, .scalar(value)))
                }
            case .array:
                let values = array(entry, row: row, context: context, findings: &findings)
                if !values.isEmpty || entry.keepsEmptyArray { record.fields.append(Record.Member(entry.name, .array(values))) }
            case .object:
                guard let child = entry.child else { return }
                let value = child.constant ?? object(child, row: row, context: context, findings: &findings)
                record.fields.append(Record.Member(entry.name, .object(value)))
            case .list:
                var records: [Record] = []
                records.reserveCapacity(entry.items.count)
                for item in entry.items {
                    guard item.presence.isEmpty || item.presence.contains(where: { !$0.text(in: row).isBlank }) else {
                        if item.mapsRequired {
                            findings.append(Finding(.warning, .itemLeftOut, field: item.path, raw: "",
                                                    "every cell of this item is empty, so it was left out"))
                        }
                        continue
                    }
                    records.append(object(item.plan, row: row, context: context.item(item.index), findings: &findings))
                }
                if !records.isEmpty { record.fields.append(Record.Member(entry.name, .list(records))) }
            }
        }
        return record
    }

    private func scalar(_ entry: RowPlan.PlannedField, row: [String], context: Context, findings: inout [Finding]) -> Scalar? {
        // The cell and what it normalized to; nil when the leaf is not mapped or the cell is empty.
        let read = entry.withMapping { leaf, memo -> (raw: String, value: Scalar?)? in
            let raw = leaf.text(in: row)
            guard !raw.isBlank else { return nil }
            return (raw, normalizer.normalize(raw, kind: entry.kind, leaf: leaf, memo: memo, path: entry.path,
                                              notes: context.notes, log: noteLog, findings: &findings))
        } ?? nil
        guard let read else {
            return emptyValue(entry, context: context, findings: &findings)
        }
        if case .key = entry.kind, case let .text(key)? = read.value, let problem = KeyRule.problem(key) {
            findings.append(Finding(.error, .invalidKey, field: entry.path, raw: read.raw, "key \(quoted(key)) \(problem)"))
            return nil
        }
        return read.value
    }

    /// What an empty cell means for `entry` (its `whenEmpty`): a generated default, `false` for an
    /// optional flag, `null` for a conditional hit, a missing required value, or nothing.
    private func emptyValue(_ entry: RowPlan.PlannedField, context: Context, findings: inout [Finding]) -> Scalar? {
        switch entry.whenEmpty {
        case let .generatedKey(prefix):
            guard !context.id.isEmpty else { return nil }
            let key = RowEvaluator.key(prefix, context.id, context.index)
            // A prefix is upper-case letters, so only the id and the length can make the key invalid.
            if !(context.idIsKeySafe && key.utf8.count <= KeyRule.maxLength), let problem = KeyRule.problem(key) {
                findings.append(Finding(.error, .invalidKey, field: entry.path, raw: context.id,
                                        "key \(quoted(key)) built from the customer id \(problem); map the key explicitly or clean the id"))
                return nil
            }
            return .text(key)
        case .modified:
            return context.modified
        case .zero:
            return .zero
        case .falseFlag:
            return .bool(false)
        case .null:
            return .null
        case .missing:
            findings.append(Finding(.error, .missingValue, field: entry.path, raw: "", "\(entry.name) is required but empty"))
            return nil
        case .nothing:
            return nil
        }
    }

    /// `PREFIX_id`, or `PREFIX_id_n` for list item `n`, built in one piece: joining the parts
    /// with `+` made a string for each step, for every generated key of every row.
    static func key(_ prefix: String, _ id: String, _ index: Int?) -> String {
        var digitCount = 0
        if let index {
            var number = index
            repeat {
                digitCount += 1
                number /= 10
            } while number > 0
        }
        let length = prefix.utf8.count + 1 + id.utf8.count + (index == nil ? 0 : 1 + digitCount)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var at = 0
            for byte in prefix.utf8 {
                buffer[at] = byte
                at += 1
            }
            buffer[at] = UInt8(ascii: "_")
            at += 1
            for byte in id.utf8 {
                buffer[at] = byte
                at += 1
            }
            if var number = index {
                buffer[at] = UInt8(ascii: "_")
                at += 1 + digitCount
                var digit = at
                repeat {
                    digit -= 1
                    buffer[digit] = UInt8(ascii: "0") + UInt8(number % 10)
                    number /= 10
                } while number > 0
            }
            return at
        }
    }

    private func array(_ entry: RowPlan.PlannedField, row: [String], context: Context, findings: inout [Finding]) -> [Scalar] {
        var values: [Scalar] = []
        // Values are numbered by position, blanks included: `phonePriv[2]` is the second cell or part.
        func add(_ raw: String, position: Int, leafIndex: Int) {
            guard !raw.isBlank else { return }
            // A value's path is built only when it has something to report.
            let reported = findings.count
            let logged = noteLog.count
            if let value = normalizer.normalize(raw, kind: entry.kind, leaf: entry.leaves[leafIndex], memo: entry.memos[leafIndex],
                                                path: entry.path, notes: context.notes, log: noteLog, findings: &findings) {
                values.append(value)
            }
            if findings.count > reported {
                let path = "\(entry.path)[\(position)]"
                for index in reported..<findings.count { findings[index] = findings[index].at(path) }
            }
            if noteLog.count > logged { noteLog.place(from: logged, at: position) }
        }
        if let separator = entry.split, let leaf = entry.leaves.first {
            for (offset, part) in leaf.text(in: row).components(separatedBy: separator).enumerated() {
                add(part, position: offset + 1, leafIndex: 0)
            }
        } else {
            for leafIndex in entry.leaves.indices {
                add(entry.leaves[leafIndex].text(in: row), position: leafIndex + 1, leafIndex: leafIndex)
            }
        }
        return values
    }


}

extension String {
    /// The text with control characters shown as `\u{0}` escapes, for a message that must not carry them.
    var debugEscaped: String {
        unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }
}
