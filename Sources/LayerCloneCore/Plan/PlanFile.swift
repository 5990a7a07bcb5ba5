import Foundation

/// Reads a plan file's text, refusing what cannot be a plan before it is loaded: a missing
/// path, a folder, a file larger than `maxBytes`, or bytes that are not UTF-8 text.
package enum PlanFile {
    /// The largest plan file read (1 MiB; real plans are a few kilobytes).
    package static let maxBytes = 1 << 20

    /// The text of the plan at `path`.
    /// - Throws: `PlanError.unreadable` naming the path and what to do.
    package static func read(_ path: String) throws(PlanError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .unreadable(path: path, reason: "no such file; give the path of a plan file (YAML)")
        }
        if isFolder.boolValue {
            throw .unreadable(
                path: path, reason: "it is a folder, not a plan file; give the path of a plan file (YAML)")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxBytes else {
            throw .unreadable(
                path: path, reason: "it is \(size) bytes; a plan may be at most \(maxBytes) bytes (1 MiB)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a regular file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte more than the limit: a file that grew since it was measured is still refused.
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw .unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        guard data.count <= maxBytes else {
            throw .unreadable(path: path, reason: "it is larger than \(maxBytes) bytes (1 MiB), the most a plan may be")
        }
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
            throw .unreadable(path: path, reason: "it is not UTF-8 text; is it a plan file (YAML)?")
        }
        return text
    }
}
