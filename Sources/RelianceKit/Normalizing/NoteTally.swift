/// How many values each field had rewritten, counted by one worker for rows whose notes are
/// not kept (most rows: a note only explains an error, and most rows have none).
final class NoteTally: @unchecked Sendable {
    private(set) var byPath: [String: Int] = [:]

    func count(_ path: String) {
        byPath[path, default: 0] += 1
    }
}
