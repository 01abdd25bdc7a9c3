import APIContract
import Domain
import Foundation
import Persistence
import PostgresNIO

extension APIHandlers {
    func findUsers(_ input: Operations.FindUsers.Input) async throws -> Operations.FindUsers.Output {
        _ = try principal()
        guard let identifier = ContactIdentifier.parse(input.query.identifier) else {
            throw Problem.invalidField(
                "/query/identifier",
                LocalizedText(vi: "Hãy nhập một email hoặc số điện thoại.", en: "Enter an email address or a phone number.")
            )
        }
        let account = try await database.withConnection { connection -> AccountStore.Account? in
            let rows = try await connection.query(
                "SELECT learner_id FROM learner_contacts WHERE purpose = 'sign-in' AND value = \(identifier.value)",
                logger: logger
            )
            for try await id in rows.decode(UUID.self) {
                return try await AccountStore.account(learnerID: id, on: connection, logger: logger)
            }
            return nil
        }
        return .ok(.init(body: .json(.init(items: account.map { [.init($0)] } ?? []))))
    }

    func setUserRoles(_ input: Operations.SetUserRoles.Input) async throws -> Operations.SetUserRoles.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let actor = try principal()
        guard let target = UUID(uuidString: input.path.userId) else { throw Problem(.notFound) }
        var reader = FormReader(try form(body))
        var roles: [String] = []
        if let listed = reader.require(reader.stringArray("roles"), "roles") {
            for (index, role) in listed.enumerated() {
                switch role {
                case "learner": continue
                case "admin", "statistician": if !roles.contains(role) { roles.append(role) }
                default:
                    reader.fail("roles/\(index)", LocalizedText(
                        vi: "Vai trò phải là learner, admin hoặc statistician.",
                        en: "A role must be learner, admin or statistician."
                    ))
                }
            }
        }
        if target == actor.learnerID, !roles.contains("admin"), reader.errors.isEmpty {
            reader.fail("roles", LocalizedText(
                vi: "Bạn không thể tự bỏ vai trò quản trị của mình; hãy nhờ một quản trị viên khác.",
                en: "You cannot remove your own admin role; ask another administrator."
            ))
        }
        guard reader.errors.isEmpty else { throw Problem(.validation, errors: reader.errors) }
        let now = clock.now()
        let account = try await database.withTransaction { connection -> AccountStore.Account? in
            guard try await AccountStore.setRoles(learnerID: target, roles: roles.sorted(), actorID: actor.learnerID, now: now, on: connection, logger: logger) else {
                return nil
            }
            return try await AccountStore.account(learnerID: target, on: connection, logger: logger)
        }
        guard let account else { throw Problem(.notFound) }
        logger.notice("roles changed", metadata: ["actor": "\(actor.learnerID)", "target": "\(target)", "roles": "\(roles.sorted())"])
        return .ok(.init(body: .json(.init(account))))
    }
}
