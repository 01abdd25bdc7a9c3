import APIContract
import Domain
import Foundation
import Persistence

// Conversions from stored accounts to the contract's types, at the edge only.

extension Components.Schemas.Contact {
    init(_ contact: Account.Contact) {
        self.init(
            purpose: .init(rawValue: contact.purpose) ?? .signIn,
            kind: .init(rawValue: contact.kind) ?? .email,
            value: contact.value,
            verified: contact.verified
        )
    }
}

extension Components.Schemas.ConsentRecord {
    init(_ record: Account.ConsentRecord) {
        self.init(purpose: record.purpose, version: record.version, granted: record.granted, recordedAt: record.recordedAt)
    }
}

extension Components.Schemas.Me {
    init(_ account: Account) {
        self.init(
            id: account.id.uuidString.lowercased(),
            displayName: account.displayName,
            locale: .init(rawValue: account.locale) ?? .vi,
            birthYear: account.birthYear,
            ageConfirmed: account.ageConfirmed,
            province: account.province,
            sex: account.sex.flatMap(SexPayload.init(rawValue:)),
            groups: account.groups,
            roles: Self.roles(account.roles),
            contacts: account.contacts.map(Components.Schemas.Contact.init),
            consents: account.consents.map(Components.Schemas.ConsentRecord.init),
            guardianConsent: .init(rawValue: account.guardianConsent) ?? .notRequired,
            createdAt: account.createdAt
        )
    }

    /// Everyone is a learner; the stored roles are the extra ones.
    static func roles(_ stored: [Role]) -> [RolesPayloadPayload] {
        [.learner] + stored.compactMap { RolesPayloadPayload(rawValue: $0.rawValue) }.filter { $0 != .learner }.sorted { $0.rawValue < $1.rawValue }
    }
}

extension Components.Schemas.AdminUser {
    init(_ account: Account) {
        self.init(
            id: account.id.uuidString.lowercased(),
            displayName: account.displayName,
            roles: Components.Schemas.Me.roles(account.roles).compactMap { RolesPayloadPayload(rawValue: $0.rawValue) },
            contacts: account.contacts.map(Components.Schemas.Contact.init),
            createdAt: account.createdAt
        )
    }
}
