import Foundation
import Services

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs statements to a learning record store's `/statements` as xAPI 1.0.3 asks: a JSON array,
/// the version header, Basic auth.
struct LRSClient: LearningRecordStore {
    let statementsURL: URL
    let authorization: String

    init(_ setting: LRSSetting) {
        statementsURL = setting.endpoint.appendingPathComponent("statements")
        authorization = "Basic " + Data("\(setting.username):\(setting.password)".utf8).base64EncodedString()
    }

    func post(_ statements: [String]) async throws -> (status: Int, body: String) {
        // Bodies were frozen as JSON objects when queued: joined as they are, never re-encoded.
        var request = URLRequest(url: statementsURL, timeoutInterval: 30)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        request.httpBody = Data(("[" + statements.joined(separator: ",") + "]").utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}

extension SafeSkills {
    /// The learning record store the settings name, if any.
    public static func learningRecordStore(_ settings: Settings) -> (any LearningRecordStore)? {
        settings.learningRecordStore.map(LRSClient.init)
    }
}
