/// The forms `layerclone plan` prints.
package enum PlanOutputFormat: String, Sendable, CaseIterable {
    /// An aligned table with reasons, references and the estimate.
    case text
    /// One JSON document (`{"steps":[…],"deferred":[…],…}`).
    case json
    /// Graphviz DOT of the dependency graph.
    case dot
    /// A Mermaid flowchart of the dependency graph.
    case mermaid
}
