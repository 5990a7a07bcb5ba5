import Foundation

/// A bounded queue of `ChunkRows` from the thread stepping a chunk's query to the one building
/// its inputs, so the two overlap with bounded memory.
///
/// `@unchecked Sendable`: every stored property is only read or written while `condition` is
/// locked (`limit` is immutable).
final class ChunkRowQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [ChunkRows] = []
    private var finished = false
    private let limit: Int

    init(limit: Int = 4) { self.limit = limit }

    /// Producer: waits for room, then adds `rows`.
    func put(_ rows: ChunkRows) {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= limit { condition.wait() }
        batches.append(rows)
        condition.broadcast()
    }

    /// Producer: no more rows.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next batch; nil once the producer finished and all were taken.
    func take() -> ChunkRows? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }
}
