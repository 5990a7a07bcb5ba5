import CommerceLayerAPI
import Staging

extension PlanError: ClassifiedError {
    package var exitClass: ErrorClass { .badInput }
}

extension PlannerError: ClassifiedError {
    package var exitClass: ErrorClass { .badInput }
}

extension StagingError: ClassifiedError {
    package var exitClass: ErrorClass { .badInput }
}

extension ProfileError: ClassifiedError {
    package var exitClass: ErrorClass { .usage }
}

extension CommerceLayerError: ClassifiedError {
    package var exitClass: ErrorClass { .unavailable }
}

extension TransportError: ClassifiedError {
    package var exitClass: ErrorClass { .unavailable }
}
