import APIContract
import Domain
import Foundation
import Testing
import Yams

/// The request schemas of `openapi.yaml` state Domain's rules, no stricter and no looser: the
/// same enums and limits, and patterns that accept exactly what Domain accepts. Fronts generate
/// their clients from these schemas, and fuzzers their bodies.
@Suite struct ContractRulesTests {
    /// `components.schemas` of the contract as served.
    static func schemas() throws -> [String: [String: Any]] {
        let document = try #require(try Yams.load(yaml: String(decoding: OpenAPIDocument.bytes, as: UTF8.self)) as? [String: Any])
        let components = try #require(document["components"] as? [String: Any])
        return try #require(components["schemas"] as? [String: [String: Any]])
    }

    static func property(_ schema: [String: Any]?, _ name: String) -> [String: Any]? {
        (schema?["properties"] as? [String: Any])?[name] as? [String: Any]
    }

    static func enumValues(_ schema: [String: Any]?) -> [String]? {
        schema?["enum"] as? [String]
    }

    @Test func enumsAndLimitsAreDomains() throws {
        let schemas = try Self.schemas()
        #expect(Self.enumValues(schemas["Locale"]) == Language.allCases.map(\.rawValue))
        #expect(Self.enumValues(schemas["Sex"]) == Sex.allCases.map(\.rawValue))
        #expect(Self.enumValues(schemas["LearnerGroup"]) == LearnerGroup.allCases.map(\.rawValue))
        #expect(Self.enumValues(schemas["ConsentPurpose"]) == ConsentPurpose.allCases.map(\.rawValue))
        #expect(Self.enumValues(Self.property(schemas["Consent"], "version")) == [ConsentPurpose.terms.currentVersion])
        #expect(ConsentPurpose.allCases.allSatisfy { $0.currentVersion == ConsentPurpose.terms.currentVersion })
        let withdrawable = Self.property(schemas["ProfileChange"], "withdrawConsents")?["items"] as? [String: Any]
        #expect(Self.enumValues(withdrawable) == ConsentPurpose.allCases.filter { $0 != .terms }.map(\.rawValue))
        let roles = Self.property(schemas["RolesChange"], "roles")?["items"] as? [String: Any]
        #expect(Self.enumValues(roles) == Role.allCases.map(\.rawValue))
        #expect(Self.enumValues(Self.property(schemas["ReachEvent"], "activity"))?.sorted() == DeviceActivity.known.sorted())
        #expect(schemas["NewPassword"]?["minLength"] as? Int == PasswordPolicy.minimumLength)
        #expect(schemas["NewPassword"]?["maxLength"] as? Int == PasswordPolicy.maximumLength)
    }

    /// Each pattern against Domain's own check, on values either side of every rule.
    @Test func patternsAcceptWhatDomainAccepts() throws {
        let schemas = try Self.schemas()
        func pattern(_ name: String) throws -> NSRegularExpression {
            try NSRegularExpression(pattern: try #require(schemas[name]?["pattern"] as? String))
        }
        func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        let email = try pattern("EmailAddress")
        let emails = [
            "lan@example.org", "LAN.Nguyen@Example.ORG", "ngọc@example.vn", "a+tag@sub.example.co.uk", "x@a-b.io",
            "a@b.c", "a b@example.org", "@example.org", "a@example", "a@-x.org", "a@x-.org", "a@x.o2g", "a@b@c.org",
            "a@xn--d1acufc.xn--p1ai", "a@exa_mple.org", "a@.org", "a@example..org", String(repeating: "l", count: 65) + "@example.org",
            String(repeating: "l", count: 64) + "@example.org", "a\u{1}b@example.org",
        ]
        for text in emails {
            #expect(matches(email, text) == (ContactIdentifier.parseEmail(text) != nil), "\(text)")
        }
        let phone = try pattern("PhoneNumber")
        let phones = [
            "0912 345 678", "+84 912 345 678", "84912345678", "0912345678", "(091) 234-5678", "0912.345.678", "+ 84 912 345 678",
            "+84-3-1234-5678", "\t0912345678", "0212345678", "091234567", "849123456789", "+8491234567", "abc", "+0912345678",
            "0091234567", "8491234567", "+84 012 345 678", "０912345678",
        ]
        for text in phones {
            #expect(matches(phone, text) == (ContactIdentifier.parsePhone(text) != nil), "\(text)")
        }
        let province = try pattern("ProvinceCode")
        for text in ["ha-noi", "da-nang2", "Ha-Noi", "ha_noi", "hà-nội", String(repeating: "a", count: 64), String(repeating: "a", count: 65)] {
            #expect(matches(province, text) == ProfileRules.isSlug(text), "\(text)")
        }
        let deviceKey = try pattern("DeviceKey")
        let keys = [
            String(repeating: "k", count: 16), String(repeating: "k", count: 15), String(repeating: "k", count: 128),
            String(repeating: "k", count: 129), "device-key_0001.a", "device key 00001", "device/key/00001", "khóa-thiết-bị-0001",
        ]
        for text in keys {
            #expect(matches(deviceKey, text) == DeviceKey.isWellFormed(text), "\(text)")
        }
    }
}
