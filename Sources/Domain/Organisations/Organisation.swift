import Foundation

/// What an organisation is, which decides where it may sit in the tree.
public enum OrganisationKind: String, Sendable, CaseIterable, Codable {
    case nationalProgramme = "national-programme"
    case ministry
    case provinceDepartment = "province-department"
    case agency
    case school
    case enterprise
    case association

    /// Only the national programme and ministries stand at the top; the national programme stands
    /// nowhere else, and everything else belongs to someone.
    public func mayHave(parent: OrganisationKind?) -> Bool {
        switch (self, parent) {
        case (.nationalProgramme, nil), (.ministry, nil): true
        case (.nationalProgramme, _?), (_, nil): false
        case (_, .school?): false
        case (_, _?): true
        }
    }

    /// Province departments and schools are always in one province.
    public var needsProvince: Bool { self == .provinceDepartment || self == .school }
}

/// An organisation in the tree, with the ids from the top down to itself.
public struct Organisation: Sendable, Equatable {
    public var id: String
    public var parentID: String?
    public var kind: OrganisationKind
    public var name: LocalizedText
    public var province: String?
    /// The ids from the top of the tree down to this organisation, itself included.
    public var path: [String]

    public init(id: String, parentID: String?, kind: OrganisationKind, name: LocalizedText, province: String?, path: [String]) {
        self.id = id
        self.parentID = parentID
        self.kind = kind
        self.name = name
        self.province = province
        self.path = path
    }

    /// Whether someone managing `managed` sees this organisation: it is one of them or below one.
    public func isWithin(_ managed: Set<String>) -> Bool {
        !managed.isDisjoint(with: path)
    }
}

/// A new organisation that passed `NewOrganisation.validate`; whether its parent and province
/// exist is the database's to say.
public struct NewOrganisation: Sendable, Equatable {
    public var id: String
    public var parentID: String?
    public var kind: OrganisationKind
    public var name: LocalizedText
    public var province: String?

    public init(id: String, parentID: String?, kind: OrganisationKind, name: LocalizedText, province: String?) {
        self.id = id
        self.parentID = parentID
        self.kind = kind
        self.name = name
        self.province = province
    }

    /// Checks an organisation's fields (`id`, `parentId`, `kind`, `nameVi`, `nameEn`,
    /// `province`) and reports every invalid one at once.
    public static func validate(_ form: [String: FormValue]) -> Result<NewOrganisation, ValidationFailure> {
        var reader = FormReader(form)
        let id = reader.require(reader.string("id"), "id")
        if let id, !ProfileRules.isSlug(id) { reader.fail("id", OrganisationMessages.badID) }
        let parentID = reader.string("parentId")
        if let parentID, !ProfileRules.isSlug(parentID) { reader.fail("parentId", OrganisationMessages.badID) }
        if let id, id == parentID { reader.fail("parentId", OrganisationMessages.ownParent) }
        let kindText = reader.require(reader.string("kind"), "kind")
        let kind = kindText.flatMap(OrganisationKind.init(rawValue:))
        if kindText != nil, kind == nil { reader.fail("kind", OrganisationMessages.badKind) }
        let nameVi = reader.require(reader.string("nameVi"), "nameVi")
        let nameEn = reader.require(reader.string("nameEn"), "nameEn")
        for (field, name) in [("nameVi", nameVi), ("nameEn", nameEn)] {
            if let name, !OrganisationMessages.isPlainName(name) { reader.fail(field, OrganisationMessages.badName) }
        }
        let province = reader.string("province")
        if let province, !ProfileRules.isSlug(province) { reader.fail("province", Messages.badProvince) }
        if let kind, kind.needsProvince, province == nil, !reader.errors.contains(where: { $0.pointer == "/province" }) {
            reader.fail("province", OrganisationMessages.provinceNeeded)
        }
        if let kind, parentID == nil, !kind.mayHave(parent: nil) { reader.fail("parentId", OrganisationMessages.parentNeeded) }
        if kind == .nationalProgramme, parentID != nil { reader.fail("parentId", OrganisationMessages.nationalAtTop) }
        guard reader.errors.isEmpty, let id, let kind, let nameVi, let nameEn else {
            return .failure(ValidationFailure(errors: reader.errors))
        }
        return .success(
            NewOrganisation(
                id: id,
                parentID: parentID,
                kind: kind,
                name: LocalizedText(vi: nameVi.precomposedStringWithCanonicalMapping, en: nameEn.precomposedStringWithCanonicalMapping),
                province: province
            )
        )
    }
}
