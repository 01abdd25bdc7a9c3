import Foundation

/// The words of a yearly report, in Vietnamese and English: the printable page shows both.
public enum ReportLabels {
    public static func level(_ level: ReachLevel) -> LocalizedText {
        switch level {
        case .reached: LocalizedText(vi: "Đã tiếp cận", en: "Reached")
        case .learned: LocalizedText(vi: "Đã học", en: "Learned")
        case .completedCourse: LocalizedText(vi: "Hoàn thành khoá học", en: "Completed a course")
        case .certified: LocalizedText(vi: "Được cấp chứng nhận", en: "Certified")
        }
    }

    public static func group(_ group: LearnerGroup) -> LocalizedText {
        switch group {
        case .olderPerson: LocalizedText(vi: "Người cao tuổi", en: "Older people")
        case .personWithDisability: LocalizedText(vi: "Người khuyết tật", en: "People with disabilities")
        case .ethnicMinority: LocalizedText(vi: "Người dân tộc thiểu số", en: "Ethnic minorities")
        case .student: LocalizedText(vi: "Học sinh, sinh viên", en: "Students")
        case .parentOrCarer: LocalizedText(vi: "Cha mẹ, người chăm sóc trẻ", en: "Parents and carers")
        case .ruralResident: LocalizedText(vi: "Người dân nông thôn", en: "Rural residents")
        }
    }

    /// `5/12/2026`, as dates are written in Vietnam.
    public static func day(_ day: VietnamDay) -> String {
        "\(day.day)/\(day.month)/\(day.year)"
    }

    /// The line every report carries about its deadline.
    public static func due(_ deadline: VietnamDay) -> LocalizedText {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return LocalizedText(
            vi: "Hạn gửi: \(day(deadline)). Báo cáo năm gửi cơ quan quốc gia chậm nhất ngày \(day(deadline)).",
            en: "Due: \(deadline.day) \(months[deadline.month - 1]) \(deadline.year). The yearly report is due to the national authority by then."
        )
    }

    public static let notKnown = LocalizedText(vi: "chưa có số liệu", en: "not known")
}
