import Domain
import Persistence

extension AccountService {
    /// What a registration's `classCode` allows: the normalised code, whether its class has a
    /// seat left (read without a lock; the join in the registration's transaction decides), and
    /// the field's error when it names no class.
    struct ClassAdmission {
        var code: String?
        var room: ClassStore.Room
        var errors: [FieldError]
    }

    func classAdmission(_ values: [String: FormValue]) async throws -> ClassAdmission {
        var reader = FormReader(values)
        guard let typed = reader.string("classCode") else {
            return ClassAdmission(code: nil, room: .unknownCode, errors: reader.errors)
        }
        guard let code = JoinCode.normalize(typed) else {
            return ClassAdmission(
                code: nil,
                room: .unknownCode,
                errors: [FieldError(pointer: "/classCode", message: OrganisationMessages.badJoinCode)]
            )
        }
        let room = try await database.withConnection { connection in
            try await ClassStore.room(forCode: code, on: connection, logger: logger)
        }
        let errors = room == .unknownCode ? [FieldError(pointer: "/classCode", message: OrganisationMessages.badJoinCode)] : []
        return ClassAdmission(code: code, room: room, errors: errors)
    }
}
