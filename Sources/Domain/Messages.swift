/// Field messages shared by the account rules, in both languages.
enum Messages {
    static let badEmail = LocalizedText(vi: "Địa chỉ email chưa đúng.", en: "This email address is not valid.")
    static let badPhone = LocalizedText(
        vi: "Số điện thoại chưa đúng. Hãy nhập số di động Việt Nam, ví dụ 09xx xxx xxx.",
        en: "This phone number is not valid. Enter a Vietnamese mobile number, such as 09xx xxx xxx."
    )
    static let emailOrPhone = LocalizedText(
        vi: "Hãy nhập email hoặc số điện thoại.",
        en: "Enter an email address or a phone number."
    )
    static let notBoth = LocalizedText(
        vi: "Chỉ nhập email hoặc số điện thoại, không nhập cả hai.",
        en: "Enter an email address or a phone number, not both."
    )
    static let badLocale = LocalizedText(vi: "Ngôn ngữ phải là vi hoặc en.", en: "The language must be vi or en.")
    static let badBirthYear = LocalizedText(vi: "Năm sinh chưa hợp lệ.", en: "This birth year is not valid.")
    static let badAgeConfirmed = LocalizedText(vi: "Giá trị phải là \"16+\".", en: "The value must be \"16+\".")
    static let birthYearOrAge = LocalizedText(
        vi: "Hãy nhập năm sinh, hoặc xác nhận bạn từ 16 tuổi trở lên.",
        en: "Enter your birth year, or confirm that you are 16 or older."
    )
    static let notBothAge = LocalizedText(
        vi: "Chỉ nhập năm sinh hoặc xác nhận tuổi, không nhập cả hai.",
        en: "Give a birth year or the age confirmation, not both."
    )
    static let guardianNeeded = LocalizedText(
        vi: "Người dưới 16 tuổi cần email hoặc số điện thoại của cha mẹ hay người giám hộ để xin đồng ý.",
        en: "Under 16s need a parent's or guardian's email or phone number, to ask for their consent."
    )
    static let guardianNotNeeded = LocalizedText(
        vi: "Chỉ người dưới 16 tuổi mới cần thông tin người giám hộ.",
        en: "Only under 16s give a guardian's contact."
    )
    static let badGuardian = LocalizedText(
        vi: "Email hoặc số điện thoại của người giám hộ chưa đúng.",
        en: "The guardian's email address or phone number is not valid."
    )
    static let guardianIsSelf = LocalizedText(
        vi: "Thông tin người giám hộ phải khác thông tin của bạn.",
        en: "The guardian's contact must differ from your own."
    )
    static let termsNeeded = LocalizedText(
        vi: "Cần đồng ý với điều khoản sử dụng và thông báo quyền riêng tư (mục đích \"terms\").",
        en: "Agreeing to the terms of use and privacy notice (purpose \"terms\") is required."
    )
    static let badConsentPurpose = LocalizedText(
        vi: "Mục đích phải là terms, statistics, disability-data, ethnicity-data hoặc organisation.",
        en: "The purpose must be terms, statistics, disability-data, ethnicity-data or organisation."
    )
    static let duplicateConsent = LocalizedText(vi: "Mục đích này đã có trong danh sách.", en: "This purpose is listed twice.")
    static func staleConsent(_ version: String) -> LocalizedText {
        LocalizedText(
            vi: "Nội dung đồng ý đã được cập nhật (phiên bản \(version)). Hãy đọc lại và đồng ý lại.",
            en: "The consent text has changed (version \(version)). Read it again and agree again."
        )
    }
    static let badProvince = LocalizedText(vi: "Mã tỉnh, thành phố không tồn tại.", en: "There is no province with this code.")
    static let badSex = LocalizedText(vi: "Giới tính phải là female, male hoặc other.", en: "Sex must be female, male or other.")
    static let badGroup = LocalizedText(
        vi: "Nhóm phải là một trong: older-person, person-with-disability, ethnic-minority, student, parent-or-carer, rural-resident.",
        en: "The group must be one of older-person, person-with-disability, ethnic-minority, student, parent-or-carer, rural-resident."
    )
    static func sensitiveConsentNeeded(_ purpose: ConsentPurpose) -> LocalizedText {
        LocalizedText(
            vi: "Nhóm này là thông tin nhạy cảm và cần sự đồng ý riêng (mục đích \"\(purpose.rawValue)\").",
            en: "This group is sensitive and needs its own consent (purpose \"\(purpose.rawValue)\")."
        )
    }
    static let statisticsConsentNeeded = LocalizedText(
        vi: "Tỉnh, giới tính và nhóm chỉ được lưu khi bạn đồng ý dùng chúng cho thống kê (mục đích \"statistics\"); nếu không, hãy để trống.",
        en: "Province, sex and groups are kept only if you agree to their use in statistics (purpose \"statistics\"); otherwise leave them out."
    )
    static let badDeviceKey = LocalizedText(
        vi: "Mã thiết bị phải gồm 16 đến 128 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.",
        en: "The device key must be 16 to 128 letters, digits, dots, hyphens or underscores."
    )
}

extension Messages {
    static let termsCannotBeWithdrawn = LocalizedText(
        vi: "Không thể rút lại đồng ý với điều khoản; nếu muốn ngừng, hãy xóa tài khoản.",
        en: "Agreement to the terms cannot be withdrawn; to stop, erase the account instead."
    )
    static let grantAndWithdraw = LocalizedText(
        vi: "Không thể vừa đồng ý vừa rút lại cùng một mục đích.",
        en: "The same purpose cannot be granted and withdrawn at once."
    )
}
