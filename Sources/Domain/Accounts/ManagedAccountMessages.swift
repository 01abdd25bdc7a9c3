import Foundation

/// The texts of managed accounts' refusals, in Vietnamese and English.
public enum ManagedAccountMessages {
    static let badYesNo = LocalizedText(vi: "Hãy ghi có (yes) hoặc không (no).", en: "Write yes or no.")
    static let contactOrForm = LocalizedText(
        vi: "Ghi liên hệ của người giám hộ hoặc số hiệu và ngày của phiếu đồng ý, không ghi cả hai.",
        en: "Give the guardian's contact or the consent form's reference and date, not both."
    )
    static let formReferenceNeeded = LocalizedText(
        vi: "Cần có số hiệu của phiếu đồng ý của người giám hộ.",
        en: "The reference of the guardian's consent form is needed."
    )
    static let badFormReference = LocalizedText(vi: "Số hiệu phiếu dài tối đa 100 ký tự.", en: "The form's reference can be at most 100 characters.")
    static let formDateNeeded = LocalizedText(
        vi: "Cần có ngày người giám hộ ký phiếu đồng ý.",
        en: "The day the guardian signed the consent form is needed."
    )
    static let badFormDate = LocalizedText(
        vi: "Ngày ký phải có dạng YYYY-MM-DD và không sau hôm nay.",
        en: "The day signed must be YYYY-MM-DD and not after today."
    )
    static let guardianRecordNeeded = LocalizedText(
        vi: "Người này có thể chưa đủ 16 tuổi: hãy ghi liên hệ của người giám hộ, hoặc số hiệu và ngày của phiếu đồng ý giấy.",
        en: "This person may be under 16: give the guardian's contact, or the paper consent form's reference and date."
    )
    static let badHeader = LocalizedText(
        vi: "Dòng đầu phải là: " + ManagedPeopleCSV.header.joined(separator: ","),
        en: "The first line must be: " + ManagedPeopleCSV.header.joined(separator: ",")
    )
    static let wrongFieldCount = LocalizedText(
        vi: "Mỗi dòng phải có đúng \(ManagedPeopleCSV.header.count) cột.",
        en: "Each line must have exactly \(ManagedPeopleCSV.header.count) fields."
    )
    public static let noPeople = LocalizedText(vi: "Danh sách cần có từ 1 đến 200 người.", en: "The list must have from 1 to 200 people.")
    public static let notEnoughSeats = LocalizedText(
        vi: "Lớp không còn đủ chỗ cho tất cả những người này.",
        en: "The class has not enough seats left for all these people."
    )
    public static let wrongCard = LocalizedText(
        vi: "Tên đăng nhập hoặc mã trên thẻ không đúng, đã dùng hoặc đã hết hạn.",
        en: "The sign-in name or the card's code is wrong, used or expired."
    )
    public static let notManaged = LocalizedText(
        vi: "Người này không có tài khoản được quản lý trong lớp này.",
        en: "This person has no managed account in this class."
    )
}
