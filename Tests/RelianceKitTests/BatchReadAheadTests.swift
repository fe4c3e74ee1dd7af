import Foundation
import Synchronization
import Testing
@testable import RelianceKit

/// A row source of `count` numbered rows that fails at row `failingAt`, counting how many rows were asked for.
private final class CountingSource: RowSource, @unchecked Sendable {
    let header = ["n"]
    let rawHeader = ["n"]
    let reportColumns = 0
    let headerLine = 1
    let rowsAboveHeader = 0
    let rejectsDelimiter = UInt8(ascii: ";")
    let count: Int
    let failingAt: Int?
    /// Rows handed out; read from the test's thread once the reader has stopped.
    let handedOut = Atomic<Int>(0)

    init(count: Int, failingAt: Int? = nil) {
        self.count = count
        self.failingAt = failingAt
    }

    var fractionRead: Double { Double(handedOut.load(ordering: .relaxed)) / Double(max(1, count)) }

    func next() throws(ConvertError) -> InputRow? {
        let number = handedOut.load(ordering: .relaxed) + 2
        if number - 1 == failingAt { throw .input("export.csv:\(number): the disk went away") }
        guard number - 2 < count else { return nil }
        handedOut.add(1, ordering: .relaxed)
        return InputRow(number: number, line: number, cells: ["\(number - 1)"], problems: [])
    }
}

@Suite("Reading batches ahead")
struct BatchReadAheadTests {
    /// Every row once, in order, in full batches but the last, which says it is the last.
    private func readAll(_ count: Int, threaded: Bool, batchBytes: Int = 1 << 20) throws -> [[Int]] {
        let reader = BatchReadAhead(CountingSource(count: count), batchSize: 4, batchBytes: batchBytes, threaded: threaded)
        defer { reader.stop() }
        var batches: [[Int]] = []
        while true {
            let batch = try reader.next()
            batches.append(batch.rows.map { Int($0.cells[0]) ?? -1 })
            if batch.isLast { break }
        }
        return batches
    }

    @Test("rows come once each, in order, on a reader thread and without one", arguments: [false, true])
    func inOrder(threaded: Bool) throws {
        #expect(try readAll(10, threaded: threaded) == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]])
        // A whole number of batches ends with an empty one; an empty input is one empty batch.
        #expect(try readAll(8, threaded: threaded) == [[1, 2, 3, 4], [5, 6, 7, 8], []])
        #expect(try readAll(0, threaded: threaded) == [[]])
    }

    @Test("a batch also ends once its cells hold the byte limit, so long rows make short batches", arguments: [false, true])
    func byteBound(threaded: Bool) throws {
        // Cells "1" to "9" are one byte each, "10" and on two.
        #expect(try readAll(12, threaded: threaded, batchBytes: 3) == [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11], [12]])
    }

    @Test("a read error ends the reading and reaches the caller after the batches before it", arguments: [false, true])
    func error(threaded: Bool) throws {
        let reader = BatchReadAhead(CountingSource(count: 100, failingAt: 7), batchSize: 4, threaded: threaded)
        defer { reader.stop() }
        #expect(try reader.next().rows.count == 4)
        #expect(throws: ConvertError.self) { try reader.next() }
    }

    @Test("the reader stays one batch ahead, and stopping it early lets go of the source")
    func bounded() throws {
        let source = CountingSource(count: 1_000)
        let reader = BatchReadAhead(source, batchSize: 10, threaded: true)
        _ = try reader.next()
        // The first batch was taken, so the reader reads the second and then waits for room.
        while source.handedOut.load(ordering: .relaxed) < 20 {}
        reader.stop()
        #expect(source.handedOut.load(ordering: .relaxed) == 20, "read further than one batch ahead")
        reader.stop()
    }
}

@Suite("Usable CPUs")
struct UsableCPUsTests {
    /// The CPUs in a list such as `0-3,8,10-11`, as `/proc/self/status` writes `Cpus_allowed_list`.
    private func count(_ list: Substring) -> Int {
        list.split(separator: ",").reduce(0) { total, part in
            let ends = part.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return total + (ends.count == 2 ? ends[1] - ends[0] + 1 : 1)
        }
    }

    @Test("the CPUs counted are the ones the kernel lists as allowed for this process")
    func matchesKernel() throws {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        #expect(UsableCPUs.count == count(line.dropFirst("Cpus_allowed_list:".count)))
    }
}
