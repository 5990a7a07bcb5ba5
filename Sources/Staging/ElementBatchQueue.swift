import Foundation

/// A run of split records handed from the reading thread to the inserting one.
struct ElementBatch: Sendable {
    /// The records' bytes, back to back.
    var bytes: [UInt8] = []
    /// The end of each record in `bytes`.
    var ends: [Int] = []
    /// Each record's byte offset in the decompressed file.
    var offsets: [Int] = []
    /// Each record's values computed on the reading thread (nil: SQLite computes them).
    var extracted: [RecordExtractor.Extracted?] = []

    /// Bytes held before a batch is handed over.
    static let capacity = 1 << 20

    mutating func append(_ element: UnsafeRawBufferPointer, offset: Int, extracted: RecordExtractor.Extracted?) {
        bytes.append(contentsOf: element)
        ends.append(bytes.count)
        offsets.append(offset)
        self.extracted.append(extracted)
    }

    var isFull: Bool { bytes.count >= Self.capacity }

    /// Calls `body` with each record's bytes, offset and extracted values.
    func forEachRecord(_ body: (UnsafeRawBufferPointer, Int, RecordExtractor.Extracted?) throws -> Void) throws {
        try bytes.withUnsafeBytes { all in
            var start = 0
            for index in ends.indices {
                let end = ends[index]
                try body(UnsafeRawBufferPointer(rebasing: all[start..<end]), offsets[index], extracted[index])
                start = end
            }
        }
    }
}

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
