import Foundation
import Services

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs each message as JSON to an SMS or email gateway; any answer but 2xx is a failure.
struct WebhookNotifier: Notifier {
    let url: URL
    let token: String?

    func send(_ notification: CodeNotification) async throws {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = try OutgoingMessage(notification).json()
        let (_, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw DeliveryFailed(description: "\(url.host ?? "webhook") answered \(status)") }
    }
}
