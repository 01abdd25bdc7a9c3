// Reading each table's rows from a record's cells; the rows themselves are in ReferenceRows.swift.

extension InternetUsersRow {
    init?(_ cells: inout ReferenceCells) {
        let year = cells.year("year")
        let scope = cells.has("scope") ? cells.code("scope") : Self.national
        let users = cells.positiveInteger("internet_users")
        let share = cells.rate("share_of_population")
        let asOf = cells.text("as_of", limit: 20, required: false)
        let source = cells.text("source", limit: 500, required: true)
        let status = cells.text("status", limit: 100, required: true)
        guard let year, let scope, let users, let source, let status else { return nil }
        self.init(year: year, scope: scope, internetUsers: users, shareOfPopulation: share, asOf: asOf, source: source, status: status)
    }
}

extension TargetRow {
    init?(_ cells: inout ReferenceCells) {
        let year = cells.year("year")
        let rate = cells.rate("target_rate")
        let note = cells.text("note", limit: 500, required: false)
        let source = cells.text("source", limit: 500, required: true)
        guard let year, let source else { return nil }
        self.init(year: year, targetRate: rate, note: note, source: source)
    }
}

extension ProvinceRow {
    init?(_ cells: inout ReferenceCells) {
        let code = cells.code("code")
        let name = cells.text("name", limit: 200, required: true)
        let validFrom = cells.day("valid_from")
        let validTo = cells.day("valid_to")
        let formerName = cells.text("former_name", limit: 200, required: false)
        // `YYYY-MM-DD` sorts as the days do.
        if let validFrom, let validTo, validFrom > validTo {
            cells.fail("valid_to", ReferenceMessages.endsBeforeStart)
        }
        guard let code, let name else { return nil }
        self.init(code: code, name: name, validFrom: validFrom, validTo: validTo, formerName: formerName)
    }
}

extension CrosswalkRow {
    init?(_ cells: inout ReferenceCells, knownProvinces: Set<String>) {
        let from = cells.province("from_code", among: knownProvinces)
        let to = cells.province("to_code", among: knownProvinces)
        guard let from, let to else { return nil }
        self.init(fromCode: from, toCode: to)
    }
}
