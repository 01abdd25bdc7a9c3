import Foundation

/// Field messages about days, shared by the routes that take one.
extension LocalizedText {
    public static let notADay = LocalizedText(vi: "Ngày phải có dạng YYYY-MM-DD.", en: "The date must look like YYYY-MM-DD.")
    public static let dayNotYet = LocalizedText(vi: "Ngày chưa tới.", en: "That day has not come yet.")
    public static let beforeReachFigures = LocalizedText(vi: "Số liệu bắt đầu từ năm 2020.", en: "Figures start in 2020.")
}
