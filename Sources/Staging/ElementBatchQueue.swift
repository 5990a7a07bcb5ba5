import Foundation

/// A bounded queue of batches between one producer thread and one consumer, so gunzip and
/// splitting run on one core while SQLite inserts on another, with bounded memory.
///
/// `@unchecked Sendable`: every stored property is only read or written while `condition` is
/// locked.
final class ElementBatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [ElementBatch] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var producerDone = false
    private let limit: Int
    private var decompressed = 0

    /// Decompressed bytes the producer read (valid once it finished).
    var decompressedBytes: Int {
        condition.lock()
        defer { condition.unlock() }
        return decompressed
    }

    init(limit: Int = 4) { self.limit = limit }

    /// Producer: waits for room; returns false when the consumer gave up.
    func put(_ batch: ElementBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= limit && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Producer: no more batches, with the error that stopped it, if any.
    func finish(_ error: (any Error)?, decompressedBytes: Int) {
        condition.lock()
        decompressed = decompressedBytes
        finished = true
        failure = error
        producerDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next batch, nil at the end; throws the producer's error.
    func take() throws -> ElementBatch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer: stop the producer and wait until it has returned.
    func cancelAndWait() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
    }
}
