import Foundation

/// Ways a run file is damaged after a kill, for the fault suites: deleted, emptied, cut to
/// half its size, or half a page of it overwritten with noise.
enum RunFileDamage: String, CaseIterable, Sendable, CustomStringConvertible {
    case delete, empty, truncate, garble

    var description: String { rawValue }

    /// Damages the file at `path`.
    /// - Returns: false when there was no file to damage.
    @discardableResult
    func apply(to path: String) throws -> Bool {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return false }
        let size = ((try manager.attributesOfItem(atPath: path))[.size] as? NSNumber)?.intValue ?? 0
        switch self {
        case .delete:
            try manager.removeItem(atPath: path)
        case .empty:
            try FileHandle(forWritingTo: URL(fileURLWithPath: path)).truncate(atOffset: 0)
        case .truncate:
            try FileHandle(forWritingTo: URL(fileURLWithPath: path)).truncate(atOffset: UInt64(size / 2))
        case .garble:
            // Deterministic noise over the middle of the file (whole file when small).
            let length = min(size, 2048)
            let offset = max(0, size / 2 - length / 2)
            var state: UInt64 = 0x9e37_79b9_7f4a_7c15
            let noise = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seek(toOffset: UInt64(offset))
            try handle.write(contentsOf: noise)
            try handle.close()
        }
        return true
    }
}
