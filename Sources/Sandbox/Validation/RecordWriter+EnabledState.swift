import ResourceCatalog

extension RecordWriter {
    /// The trigger attributes that change a record's enabled/disabled state
    /// (`ResourceSpec.hasEnabledState`): `_disable` and `_enable`.
    static let stateTriggers: Set<String> = [ResourceSpec.disableTrigger, ResourceSpec.enableTrigger]

    /// Reads the state triggers of `input` (true values; false ones change nothing, as a Rails
    /// trigger that is not `present?`) and sets or clears `disabled_at` in `record`: `_disable`
    /// disables a record that is enabled (a disabled one keeps its time), `_enable` enables it.
    /// A type without the state does not know the triggers (400, as any unknown attribute);
    /// a value that is not a boolean, or both triggers at once, is a 422 on the trigger.
    func applyStateTriggers(
        _ input: RecordInput, to record: inout StoredRecord, spec: ResourceSpec, errors: inout [APIError]
    ) throws {
        let given = input.attributes.filter { Self.stateTriggers.contains($0.key) }
        guard !given.isEmpty else { return }
        guard spec.hasEnabledState else {
            let name = given.keys.sorted()[0]
            throw APIErrorList([
                .badRequest(
                    "PARAM_NOT_ALLOWED", "\(name) is not allowed on \(spec.type)", pointer: "/data/attributes/\(name)")
            ])
        }
        var set: [String] = []
        for (name, value) in given.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .bool(true): set.append(name)
            case .bool(false), .null: continue
            default: errors.append(.validation(name, "is not a valid boolean"))
            }
        }
        guard set.count < 2 else {
            errors.append(.validation(ResourceSpec.enableTrigger, "cannot be sent together with _disable"))
            return
        }
        switch set.first {
        case ResourceSpec.disableTrigger?:
            if RecordWriter.isBlank(record.attributes[ResourceSpec.disabledAt]) {
                record.attributes[ResourceSpec.disabledAt] = .string(clock.timestamp())
            }
        case ResourceSpec.enableTrigger?:
            record.attributes[ResourceSpec.disabledAt] = .null
        default:
            break
        }
    }
}
