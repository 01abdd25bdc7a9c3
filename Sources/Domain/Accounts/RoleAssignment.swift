import Foundation

/// The rules for giving people roles.
public enum RoleAssignment {
    /// The roles to store from what an administrator listed: `learner` is everyone's and not
    /// stored; an unknown role, or an administrator removing their own admin role (which could
    /// leave nobody able to undo it), is refused.
    public static func validate(_ listed: [String], target: UUID, actor: UUID) -> Result<[Role], ValidationFailure> {
        var roles: [Role] = []
        var errors: [FieldError] = []
        for (index, name) in listed.enumerated() {
            switch Role(rawValue: name) {
            case .learner: continue
            case let role?: if !roles.contains(role) { roles.append(role) }
            case nil:
                errors.append(
                    FieldError(
                        pointer: "/roles/\(index)",
                        message: LocalizedText(
                            vi: "Vai trò phải là learner, admin hoặc statistician.",
                            en: "A role must be learner, admin or statistician."
                        )
                    )
                )
            }
        }
        if target == actor, !roles.contains(.admin), errors.isEmpty {
            errors.append(
                FieldError(
                    pointer: "/roles",
                    message: LocalizedText(
                        vi: "Bạn không thể tự bỏ vai trò quản trị của mình; hãy nhờ một quản trị viên khác.",
                        en: "You cannot remove your own admin role; ask another administrator."
                    )
                )
            )
        }
        return errors.isEmpty ? .success(roles.sorted()) : .failure(ValidationFailure(errors: errors))
    }
}
