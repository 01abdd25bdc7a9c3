import APIContract
import Domain
import Foundation
import Persistence
import Services

extension APIHandlers {
    func register(_ input: Operations.Register.Input) async throws -> Operations.Register.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let issued = try await accounts.register(form(body), clientAddress: scope.clientAddress)
        return .created(.init(body: .json(.init(issued))))
    }

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(form(body))
        let identifier = reader.require(reader.string("identifier"), "identifier")
        let password = reader.require(reader.rawString("password"), "password")
        let deviceKey = reader.string("deviceKey")
        if let deviceKey, !DeviceKey.isWellFormed(deviceKey) {
            reader.fail("deviceKey", LocalizedText(vi: "Mã thiết bị không hợp lệ.", en: "The device key is not valid."))
        }
        guard reader.errors.isEmpty, let identifier, let password else { throw Problem(.validation, errors: reader.errors) }
        let issued = try await accounts.signIn(identifier: identifier, password: password, deviceKey: deviceKey, clientAddress: scope.clientAddress)
        return .ok(.init(body: .json(.init(issued))))
    }

    func refresh(_ input: Operations.Refresh.Input) async throws -> Operations.Refresh.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(form(body))
        // Any text that is not a live refresh token, empty included, is simply not accepted.
        guard case .string(let token)? = reader.values["refreshToken"] else {
            reader.fail("refreshToken", LocalizedText(vi: "Cần có refreshToken dạng chuỗi.", en: "A refreshToken string is required."))
            throw Problem(.validation, errors: reader.errors)
        }
        return .ok(.init(body: .json(.init(try await accounts.refresh(token)))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        try await accounts.signOut(try principal())
        return .noContent(.init())
    }

    func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws -> Operations.RequestPasswordReset.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(form(body))
        guard let identifier = reader.require(reader.string("identifier"), "identifier") else {
            throw Problem(.validation, errors: reader.errors)
        }
        // The answer is the same whether or not a code is sent.
        try await accounts.requestPasswordReset(identifier: identifier, language: scope.language, clientAddress: scope.clientAddress)
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func confirmPasswordReset(_ input: Operations.ConfirmPasswordReset.Input) async throws -> Operations.ConfirmPasswordReset.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(form(body))
        let identifier = reader.require(reader.string("identifier"), "identifier")
        let code = reader.require(reader.string("code"), "code")
        let newPassword = reader.require(reader.rawString("newPassword"), "newPassword")
        if let newPassword, let problem = accounts.passwordProblem(newPassword, personal: [identifier].compactMap { $0 }) {
            reader.fail("newPassword", problem)
        }
        guard reader.errors.isEmpty, let identifier, let code, let newPassword else { throw Problem(.validation, errors: reader.errors) }
        try await accounts.confirmPasswordReset(identifier: identifier, code: code, newPassword: newPassword, clientAddress: scope.clientAddress)
        return .noContent(.init())
    }
}

extension Components.Schemas.Session {
    init(_ issued: TokenStore.Issued) {
        self.init(
            learnerId: issued.learnerID.uuidString.lowercased(),
            accessToken: issued.accessToken,
            refreshToken: issued.refreshToken,
            expiresAt: issued.accessExpiresAt,
            refreshExpiresAt: issued.refreshExpiresAt
        )
    }
}
