import ResourceCatalog

extension ExportShape {
    /// What an export job of this shape asks for: the includes the export API is known to
    /// take (`ExportIncludeWhitelist`), the fields of those includes, and `<relation>_id` in
    /// place of every include left out (at the level it would have hung from), so the parent
    /// is still found, by its source id (`StagingStore`'s `source_ids`). Page reads (list
    /// GETs, which take any include) use the shape as it is.
    /// To-many relationships left out get no key (an export has none for them).
    package func forExportJob(catalog: ResourceCatalog) -> (includes: [String], fields: [String], leftOut: [String]) {
        let kept = includes.filter { ExportIncludeWhitelist.allows($0, of: resourceType) }
        let leftOut = includes.filter { !kept.contains($0) }
        // No fields: every field is written, `<relation>_id` keys included.
        guard !self.fields.isEmpty else { return (kept, [], leftOut) }
        var fields = self.fields.filter { field in
            guard let dot = field.lastIndex(of: ".") else { return true }
            return kept.contains(String(field[..<dot]))
        }
        for path in leftOut {
            let segments = path.split(separator: ".").map(String.init)
            let prefix = segments.dropLast().joined(separator: ".")
            // Only where the level it hangs from is exported (else its own parent's id stands in).
            guard prefix.isEmpty || kept.contains(prefix),
                let relationship = relationship(at: segments, catalog: catalog), !relationship.isToMany
            else { continue }
            let key = "\(segments.last ?? path)_id"
            fields.append(prefix.isEmpty ? key : "\(prefix).\(key)")
        }
        return (kept, Array(Set(fields)).sorted(), leftOut)
    }

    /// The relationship a path of relationship names ends at, from this shape's type.
    private func relationship(at segments: [String], catalog: ResourceCatalog) -> RelationshipSpec? {
        var types: [ResourceType] = [resourceType]
        var found: RelationshipSpec?
        for segment in segments {
            found = types.lazy.compactMap { catalog[$0]?.relationship(segment) }.first
            guard let relationship = found else { return nil }
            types = relationship.targets.flatMap { target -> [ResourceType] in
                guard let spec = catalog[target], spec.isAbstract else { return [target] }
                return spec.subtypes
            }
        }
        return found
    }
}
