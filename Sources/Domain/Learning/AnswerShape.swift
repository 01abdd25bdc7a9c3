/// Whether an answer fits the item it is for: its type, and only ids the item showed.
public enum AnswerShape {
    public static func problem(_ answer: Answer, for question: Question, presented item: PresentedItem) -> LocalizedText? {
        let shown = Set(item.optionOrder)
        switch (question.type, answer) {
        case (.single, .options(let ids)), (.trueFalse, .options(let ids)):
            return ids.count == 1 && shown.contains(ids[0]) ? nil : Self.oneOption
        case (.multiple, .options(let ids)):
            return !ids.isEmpty && Set(ids).count == ids.count && ids.allSatisfy(shown.contains) ? nil : Self.someOptions
        case (.ordering, .order(let ids)):
            return ids.count == shown.count && Set(ids) == shown ? nil : Self.everyOption
        case (.matching, .pairs(let pairs)):
            let matches = Set(item.matchOrder)
            return !pairs.isEmpty && pairs.keys.allSatisfy(shown.contains) && pairs.values.allSatisfy(matches.contains) ? nil : Self.pairs
        case (.shortText, .text(let text)):
            return (1...200).contains(text.count) ? nil : Self.text
        default:
            return Self.wrongShape(question.type)
        }
    }

    static let oneOption = LocalizedText(vi: "Hãy chọn đúng một phương án của câu này.", en: "Choose exactly one of this item's options.")
    static let someOptions = LocalizedText(
        vi: "Hãy chọn một hoặc nhiều phương án khác nhau của câu này.",
        en: "Choose one or more different options of this item."
    )
    static let everyOption = LocalizedText(vi: "Hãy sắp xếp tất cả các mục, mỗi mục một lần.", en: "Put every option in order, each once.")
    static let pairs = LocalizedText(
        vi: "Hãy nối các mục bên trái với các mục bên phải của câu này.",
        en: "Match this item's left options with its right-hand ones."
    )
    static let text = LocalizedText(vi: "Câu trả lời cần từ 1 đến 200 ký tự.", en: "The answer needs 1 to 200 characters.")

    static func wrongShape(_ type: Question.Kind) -> LocalizedText {
        let expected =
            switch type {
            case .single, .multiple, .trueFalse: "optionIds"
            case .ordering: "order"
            case .matching: "pairs"
            case .shortText: "text"
            }
        return LocalizedText(vi: "Câu này cần câu trả lời dạng \(expected).", en: "This item takes an answer of the form \(expected).")
    }
}
