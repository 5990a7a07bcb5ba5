import Foundation
import ResourceCatalog

extension SeederFolder {
    /// Failures to read a seeder folder.
    package enum ReadError: Error, Sendable, CustomStringConvertible, ClassifiedError {
        case unreadable(file: String, reason: String)
        case notAnArray(file: String)
        case noTypes(folder: String)
        /// More than one business model beside the `data/` folder.
        case severalModels(folder: String, names: [String])
        /// A business model entry without `resourceType`, or without `importAll` or a
        /// `referenceKeys` array.
        case badModelEntry(file: String, item: Int, reason: String)
        /// The business model lists a type whose data file is not there.
        case missingDataFile(model: String, type: String, expected: String)
        /// `referenceKeys` names a reference its data file does not hold.
        case missingReference(model: String, reference: String, file: String)
        /// A record's `type` is not the file's type nor one of its subtypes in the catalog.
        case unknownSubtype(file: String, reference: String, type: String, allowed: [ResourceType])
        /// A record of an abstract type (`payment_gateways`) without `type`.
        case needsSubtype(file: String, reference: String, subtypes: [ResourceType])

        package var description: String {
            switch self {
            case .unreadable(let file, let reason): "\(file): \(reason)"
            case .notAnArray(let file): "\(file): expected a JSON array of records"
            case .noTypes(let folder):
                "\(folder) holds no resource files (skus.json, markets.json… or data/skus.json beside a business "
                    + "model); see `layerclone catalog` for the names"
            case .severalModels(let folder, let names):
                "\(folder) holds several business models (\(names.joined(separator: ", "))); "
                    + "keep one beside the data/ folder"
            case .badModelEntry(let file, let item, let reason): "\(file): item \(item) \(reason)"
            case .missingDataFile(let model, let type, let expected):
                "\(model) lists \(type), but \(expected) is not there; add it or remove \(type) from the model"
            case .missingReference(let model, let reference, let file):
                "\(model) lists the reference \(reference) in referenceKeys, but \(file) holds no record with it; "
                    + "add the record or remove the reference"
            case .unknownSubtype(let file, let reference, let type, let allowed):
                "\(file): record \(reference) has type \(type), which layerclone does not know here; use "
                    + allowed.map(\.rawValue).joined(separator: " or ")
            case .needsSubtype(let file, let reference, let subtypes):
                "\(file): record \(reference) needs a type naming the concrete resource ("
                    + subtypes.map(\.rawValue).joined(separator: " or ") + ")"
            }
        }

        package var exitClass: ErrorClass { .badInput }
    }
}
