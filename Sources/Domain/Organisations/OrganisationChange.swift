import Foundation

/// A change an administrator makes to an organisation: its names, kind, province or place in the
/// tree (a move). Checked by `OrganisationChange.validate` against the organisation as it stands;
/// whether the new parent and province exist, whether the move would put the organisation below
/// itself, and whether what is below it could stay there are the database's to say (the service
/// asks, and applies `OrganisationKind.mayHave(parent:)` to the answers).
public struct OrganisationChange: Sendable, Equatable {
    public var name: LocalizedText
    public var kind: OrganisationKind
    public var province: String?
    public var parentID: String?
    /// Which of the fields were sent, so a refusal names the field the administrator changed.
    public var sent: Set<String>

    /// The parent changes: the organisation and everything below it move.
    public func moves(from current: Organisation) -> Bool { parentID != current.parentID }

    public init(name: LocalizedText, kind: OrganisationKind, province: String?, parentID: String?, sent: Set<String>) {
        self.name = name
        self.kind = kind
        self.province = province
        self.parentID = parentID
        self.sent = sent
    }

    /// The field a refusal about the organisation's place names: the parent when it was sent,
    /// else the kind.
    public var placeField: String { sent.contains("parentId") || !sent.contains("kind") ? "parentId" : "kind" }

    /// Reads the fields sent (`nameVi`, `nameEn`, `kind`, `province`, `parentId`); a field not
    /// sent keeps its value, `null` clears `province` or moves the organisation to the top. Every
    /// invalid field is reported at once.
    public static func validate(_ form: [String: FormValue], current: Organisation) -> Result<OrganisationChange, ValidationFailure> {
        var reader = FormReader(form)
        let sent = Set(["nameVi", "nameEn", "kind", "province", "parentId"].filter { form[$0] != nil })
        var name = current.name
        for field in ["nameVi", "nameEn"] where sent.contains(field) {
            let text = reader.string(field)
            guard let text, OrganisationMessages.isPlainName(text) else {
                if !reader.errors.contains(where: { $0.pointer == "/\(field)" }) { reader.fail(field, OrganisationMessages.badName) }
                continue
            }
            if field == "nameVi" {
                name.vi = text.precomposedStringWithCanonicalMapping
            } else {
                name.en = text.precomposedStringWithCanonicalMapping
            }
        }
        var kind: OrganisationKind? = current.kind
        if sent.contains("kind") {
            kind = reader.string("kind").flatMap(OrganisationKind.init(rawValue:))
            if kind == nil, !reader.errors.contains(where: { $0.pointer == "/kind" }) { reader.fail("kind", OrganisationMessages.badKind) }
        }
        var province = current.province
        if sent.contains("province") {
            province = reader.string("province")
            if let value = province, !ProfileRules.isSlug(value) { reader.fail("province", Messages.badProvince) }
        }
        var parentID = current.parentID
        if sent.contains("parentId") {
            parentID = reader.string("parentId")
            if let value = parentID, !ProfileRules.isSlug(value) {
                reader.fail("parentId", OrganisationMessages.badID)
            } else if parentID == current.id {
                reader.fail("parentId", OrganisationMessages.ownParent)
            }
        }
        let change = kind.map { OrganisationChange(name: name, kind: $0, province: province, parentID: parentID, sent: sent) }
        if let change, reader.errors.isEmpty {
            if change.kind.needsProvince, change.province == nil { reader.fail("province", OrganisationMessages.provinceNeeded) }
            if change.parentID == nil, !change.kind.mayHave(parent: nil) { reader.fail(change.placeField, OrganisationMessages.parentNeeded) }
            if change.kind == .nationalProgramme, change.parentID != nil { reader.fail(change.placeField, OrganisationMessages.nationalAtTop) }
        }
        guard reader.errors.isEmpty, let change else { return .failure(ValidationFailure(errors: reader.errors)) }
        return .success(change)
    }
}
