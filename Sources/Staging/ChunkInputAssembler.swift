import Foundation
import ResourceCatalog

/// Builds a chunk's inputs from the rows the reading thread copies out of SQLite
/// (`ChunkRows`), on a thread of its own: SQLite steps the next rows meanwhile.
///
/// The output is exactly what building the inputs straight from the statement gives: the
/// `inputs` array in chunk order, the record id of each input, and the nested children each
/// input carried.
///
/// `@unchecked Sendable`: `run(taking:)` is the only code that touches the mutable state, on
/// the assembling thread; the reader reads `result` only after `wait()` returned, which
/// follows the end of `run`.
final class ChunkInputAssembler: @unchecked Sendable {
    /// What the assembler built.
    struct Result {
        /// The `inputs` JSON array, in chunk order.
        var json: [UInt8]
        /// The staged record of each input, in the same order.
        var recordIDs: [Int64]
        /// Child records sent nested in an input, by the input's record.
        var nested: [Int64: [StagedRecordID]]
    }

    private let builder: ImportInputBuilder
    private let children: [NestedChildren.Members]
    private let childTypes: [ResourceType]
    private let arrays: [[String: [UInt8]]]
    /// The chunk's size: the inputs' capacity reserved.
    private let expected: Int
    private let done = DispatchSemaphore(value: 0)
    private var built: Result?

    /// - Parameters:
    ///   - children: the staged children of each `NestedChildren` of the read, in its order.
    ///   - childTypes: their types, in the same order.
    ///   - expected: the chunk's size (the capacity reserved).
    init(builder: ImportInputBuilder, children: [NestedChildren.Members], childTypes: [ResourceType], expected: Int) {
        self.builder = builder
        self.children = children
        self.childTypes = childTypes
        self.arrays = children.map(\.arrays)
        self.expected = expected
    }

    /// Starts assembling the batches put on `queue`, on a new thread, until it is finished.
    func start(taking queue: ChunkRowQueue) {
        Thread.detachNewThread { [self] in
            run(taking: queue)
            done.signal()
        }
    }

    /// Waits for the end of the assembly started by `start(taking:)` and returns it.
    func wait() -> Result {
        done.wait()
        return built!
    }

    private func run(taking queue: ChunkRowQueue) {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(expected * 256)
        // Each member's input: its position in the chunk, record id and bytes in `json`.
        var inputs: [(position: Int64, recordID: Int64, bytes: Range<Int>)] = []
        inputs.reserveCapacity(expected)
        var inOrder = true
        var sentNested: [Int64: [StagedRecordID]] = [:]
        while let rows = queue.take() {
            rows.eachRow { recordID, position, row in
                if !inputs.isEmpty { json.append(UInt8(ascii: ",")) }
                let start = json.count
                if let identity = builder.append(row, nested: arrays, to: &json) {
                    for (index, members) in children.enumerated() {
                        sentNested[recordID, default: []] += (members.recordIDs[identity] ?? []).map {
                            StagedRecordID(recordID: $0, type: childTypes[index])
                        }
                    }
                }
                if let last = inputs.last, last.position > position { inOrder = false }
                inputs.append((position, recordID, start..<json.count))
            }
        }
        json.append(UInt8(ascii: "]"))
        if !inOrder {
            // SQLite visited the members out of order: put the inputs in chunk order.
            inputs.sort { $0.position < $1.position }
            var sorted: [UInt8] = [UInt8(ascii: "[")]
            sorted.reserveCapacity(json.count)
            for (index, input) in inputs.enumerated() {
                if index > 0 { sorted.append(UInt8(ascii: ",")) }
                sorted.append(contentsOf: json[input.bytes])
            }
            sorted.append(UInt8(ascii: "]"))
            json = sorted
        }
        built = Result(json: json, recordIDs: inputs.map(\.recordID), nested: sentNested)
    }
}
