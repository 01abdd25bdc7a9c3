enum ReferenceMessages {
    static let noRows = LocalizedText(
        vi: "Tệp không có dòng dữ liệu nào; bảng không bao giờ bị thay bằng bảng trống.",
        en: "The file has no rows; a table is never replaced by nothing."
    )
    static let required = LocalizedText(vi: "Ô này không được để trống.", en: "This field must not be empty.")
    static let year = LocalizedText(vi: "Năm phải là một số từ 2000 đến 2100.", en: "The year must be a number from 2000 to 2100.")
    static let positiveInteger = LocalizedText(
        vi: "Phải là số nguyên dương, viết liền không có dấu phân cách (ví dụ 79800000).",
        en: "Must be a positive whole number without separators (e.g. 79800000)."
    )
    static let rate = LocalizedText(
        vi: "Phải để trống hoặc là số thập phân lớn hơn 0 và không quá 1, dùng dấu chấm (ví dụ 0.5).",
        en: "Must be empty or a decimal above 0 and at most 1, written with a point (e.g. 0.5)."
    )
    static let day = LocalizedText(
        vi: "Phải để trống hoặc là một ngày có thật, viết YYYY-MM-DD.",
        en: "Must be empty or a real day written YYYY-MM-DD."
    )
    static let endsBeforeStart = LocalizedText(
        vi: "valid_to không được trước valid_from.",
        en: "valid_to must not be before valid_from."
    )
    static let code = LocalizedText(
        vi: "Mã phải gồm 1 đến 64 ký tự a–z, 0–9 hoặc dấu gạch ngang.",
        en: "A code is 1 to 64 characters among a–z, 0–9 and hyphen."
    )
    static let scope = LocalizedText(
        vi: "Phạm vi phải là national hoặc một mã tỉnh (1 đến 64 ký tự a–z, 0–9 hoặc dấu gạch ngang).",
        en: "The scope must be national or a province code (1 to 64 characters among a–z, 0–9 and hyphen)."
    )

    static func header(_ header: [String]) -> LocalizedText {
        let expected = header.joined(separator: ",")
        return LocalizedText(vi: "Dòng tiêu đề phải là: \(expected)", en: "The header must be: \(expected)")
    }

    static func tooManyRows(_ count: Int) -> LocalizedText {
        LocalizedText(
            vi: "Tệp có \(count) dòng dữ liệu; tối đa là \(ReferenceTable.maximumRows).",
            en: "The file has \(count) rows; at most \(ReferenceTable.maximumRows) are accepted."
        )
    }

    static func fieldCount(_ count: Int, _ expected: Int) -> LocalizedText {
        LocalizedText(vi: "Dòng này có \(count) ô, cần \(expected) ô.", en: "This record has \(count) fields; \(expected) expected.")
    }

    static func tooLong(_ limit: Int) -> LocalizedText {
        LocalizedText(vi: "Tối đa \(limit) ký tự.", en: "At most \(limit) characters.")
    }

    static func repeated(_ columns: [String], _ line: Int) -> LocalizedText {
        let names = columns.joined(separator: ", ")
        return LocalizedText(vi: "Trùng \(names) với dòng \(line).", en: "Same \(names) as line \(line).")
    }

    static func unknownProvince(_ code: String) -> LocalizedText {
        LocalizedText(vi: "Không có tỉnh nào mã “\(code)”.", en: "No province has the code “\(code)”.")
    }
}
