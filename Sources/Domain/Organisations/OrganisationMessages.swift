/// Texts of the organisation and class rules, in both languages.
public enum OrganisationMessages {
    static let badID = LocalizedText(
        vi: "Mã phải gồm 1 đến 64 chữ thường không dấu, chữ số hoặc dấu gạch ngang, ví dụ so-tt-ha-noi.",
        en: "An id is 1 to 64 lowercase letters without accents, digits or hyphens, such as so-tt-ha-noi."
    )
    static let ownParent = LocalizedText(vi: "Một tổ chức không thể là cấp trên của chính nó.", en: "An organisation cannot be its own parent.")
    static let badKind = LocalizedText(
        vi: "Loại phải là national-programme, ministry, province-department, agency, school, enterprise hoặc association.",
        en: "The kind must be national-programme, ministry, province-department, agency, school, enterprise or association."
    )
    static let badName = LocalizedText(
        vi: "Tên dài tối đa 200 ký tự, không có ký tự điều khiển.",
        en: "A name is at most 200 characters, none of them control characters."
    )
    static let provinceNeeded = LocalizedText(
        vi: "Sở và trường học cần mã tỉnh, thành phố.",
        en: "Province departments and schools need a province code."
    )
    static let parentNeeded = LocalizedText(
        vi: "Chỉ chương trình quốc gia và bộ, ngành mới đứng đầu cây; tổ chức này cần một cấp trên.",
        en: "Only the national programme and ministries stand at the top; this organisation needs a parent."
    )
    static let nationalAtTop = LocalizedText(
        vi: "Chương trình quốc gia luôn đứng đầu cây, không có cấp trên.",
        en: "The national programme stands at the top and has no parent."
    )
    public static let parentCannotHold = LocalizedText(
        vi: "Tổ chức cấp trên này không thể có tổ chức loại đó ở dưới (trường học không có đơn vị con).",
        en: "This parent cannot hold an organisation of that kind (schools have nothing below them)."
    )
    public static let unknownParent = LocalizedText(vi: "Không có tổ chức nào với mã này.", en: "There is no organisation with this id.")
    public static let idTaken = LocalizedText(vi: "Đã có tổ chức với mã này.", en: "There is already an organisation with this id.")
    public static let unknownProvince = LocalizedText(
        vi: "Mã tỉnh, thành phố không tồn tại hoặc không còn hiệu lực.",
        en: "There is no province in force with this code."
    )

    static let badClassName = LocalizedText(
        vi: "Tên lớp dài từ 1 đến 200 ký tự, không có ký tự điều khiển.",
        en: "A class name is 1 to 200 characters, none of them control characters."
    )
    static let badCourseID = LocalizedText(vi: "Mã khóa học chưa đúng.", en: "This course id is not valid.")
    static let courseOrProgramme = LocalizedText(
        vi: "Lớp cần ít nhất một khóa học hoặc một chương trình chứng nhận.",
        en: "A class follows at least one course or a certification programme."
    )
    static let badDay = LocalizedText(
        vi: "Ngày phải có dạng YYYY-MM-DD, từ năm 2020 đến 2099.",
        en: "A date is written YYYY-MM-DD, from 2020 to 2099."
    )
    static let endsBeforeStart = LocalizedText(vi: "Ngày kết thúc phải từ ngày bắt đầu trở đi.", en: "The end date cannot be before the start date.")
    static let badFacilitator = LocalizedText(
        vi: "Tên người hướng dẫn dài tối đa 200 ký tự, không có ký tự điều khiển.",
        en: "The facilitator's name is at most 200 characters, none of them control characters."
    )
    static let badCapacity = LocalizedText(vi: "Sĩ số phải từ 1 đến 1000.", en: "The capacity must be from 1 to 1000.")
    public static let unknownCourse = LocalizedText(vi: "Không có khóa học nào với mã này.", en: "There is no course with this id.")
    public static let unknownProgramme = LocalizedText(
        vi: "Không có chương trình chứng nhận nào với mã này.",
        en: "There is no certification programme with this id."
    )

    public static let badJoinCode = LocalizedText(
        vi: "Mã lớp không đúng hoặc đã bị thu hồi. Hãy kiểm tra lại với người hướng dẫn.",
        en: "This class code is wrong or was withdrawn. Check it with the facilitator."
    )
    public static let classFull = LocalizedText(
        vi: "Lớp này đã đủ chỗ, không thể tham gia bằng mã này nữa. Hãy hỏi người hướng dẫn.",
        en: "This class is full; its code admits nobody else. Ask the facilitator."
    )

    /// A name a person typed: not empty, at most 200 characters, no control characters.
    static func isPlainName(_ text: String) -> Bool {
        (1...200).contains(text.count) && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}

/// Texts of changes to the tree (moves, kinds, deletion).
extension OrganisationMessages {
    public static let belowItself = LocalizedText(
        vi: "Không thể chuyển một tổ chức xuống dưới chính nó hoặc một đơn vị con của nó.",
        en: "An organisation cannot move below itself or one of the organisations below it."
    )
    public static let childrenCannotStay = LocalizedText(
        vi: "Các tổ chức trực thuộc không thể đứng dưới loại này (trường học không có đơn vị con).",
        en: "The organisations below this one could not stay below this kind (schools have nothing below them)."
    )
    public static let hasChildren = LocalizedText(
        vi: "Tổ chức này còn đơn vị trực thuộc. Hãy chuyển hoặc xóa chúng trước.",
        en: "This organisation still has organisations below it. Move or delete them first."
    )
    public static let hasMembers = LocalizedText(
        vi: "Tổ chức này có lớp đã có học viên; lịch sử học tập và báo cáo của họ cần được giữ lại.",
        en: "This organisation has classes that have had members; their learning and reports must be kept."
    )
    public static let namedByOutsideReports = LocalizedText(
        vi: "Có báo cáo bên ngoài ghi tên tổ chức này, nên không thể xóa.",
        en: "Outside reports name this organisation, so it cannot be deleted."
    )
}
