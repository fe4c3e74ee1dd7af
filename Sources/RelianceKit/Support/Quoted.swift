/// A raw value in quotes for messages, shortened when long.
func quoted(_ raw: String) -> String {
    let shown = raw.utf8.count > 60 && raw.count > 60 ? String(raw.prefix(57)) + "…" : raw
    return "\"\(shown)\""
}
