import ResourceCatalog
import Staging
import Synchronization

/// The form of `type` that the children nested in one parent type's imports carry (a price's
/// `price_tiers`), for the whole run: the class name (`PriceVolumeTier`) until the target
/// refuses it, then the resource type (`price_volume_tiers`), once. Which form Commerce Layer
/// takes is unknown; the evidence favours the class name.
///
/// The switch is journaled (unit `nested_form:<parent>`, detail `form` and `rejected`), so a
/// resumed run sends the form that worked and never switches again.
final class NestedFormChoice: Sendable {
    let journal: RunJournal
    let parent: ResourceType
    private let state: Mutex<(form: NestedTypeForm, switched: Bool)>

    /// The journal unit recording the switch.
    var key: WorkUnitKey { .nestedForm(parent) }

    /// Reads the choice journaled for `parent`'s imports, if any; else starts from `initial`
    /// (the form `layerclone probe` found, or the class name).
    init(journal: RunJournal, parent: ResourceType, initial: NestedTypeForm = .className) throws {
        self.journal = journal
        self.parent = parent
        let unit = try journal.unit(.nestedForm(parent))
        if let unit, unit.state == .completed, let form = try unit.detail(NestedFormDetail.self)?.form {
            state = Mutex((form, true))
        } else {
            state = Mutex((initial, false))
        }
    }

    /// The form to send now.
    var current: NestedTypeForm { state.withLock { $0.form } }

    /// What to do with inputs an import refused for the form `sent`.
    enum Decision: Equatable {
        /// Send them again in the current form: the run switched to it (now, or earlier).
        case resend(switched: Bool)
        /// Leave them rejected: both forms were refused.
        case keepRejected
    }

    /// Decides, after an import sent in `sent` had inputs refused for it: another import
    /// switched the form already (send again), else switch now (journaled) unless this run
    /// switched before (both forms were refused).
    func refused(_ sent: NestedTypeForm) throws -> Decision {
        try state.withLock { state in
            if state.form != sent { return .resend(switched: false) }
            if state.switched { return .keepRejected }
            let next = sent.other
            try journal.plan(key)
            try journal.markCompleted(key, detail: NestedFormDetail(form: next, rejected: sent))
            state = (next, true)
            return .resend(switched: true)
        }
    }

    /// The `errors_log` keys of inputs refused for the form of their nested children's `type`:
    /// those whose messages name `<key>.type` for one of the parent's nested keys. Any other
    /// error is the input's own.
    static func refusedKeys(in errorsLog: JSONValue, nestedKeys: [String]) -> Set<String> {
        let fields = Set(nestedKeys.map { "\($0).type" })
        var keys = Set<String>()
        for (key, value) in errorsLog.objectValue ?? [:] {
            if let messages = value.objectValue, messages.keys.contains(where: fields.contains) { keys.insert(key) }
        }
        return keys
    }
}
