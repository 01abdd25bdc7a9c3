import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// The requests that do much work in Swift run off the event loops, on `HeavyWorkExecutor`, and
/// stay there after each await; the others do not.
struct HeavyWorkTests {
    @Test func statisticsReportsExportsAndTheDashboardAreHeavy() {
        let heavy = [
            "/v1/stats/reach", "/v1/stats/reach/timeseries", "/v1/stats/funnel", "/v1/stats/items", "/v1/reports/9b1c",
            "/dashboard", "/dashboard/session", "/v1/me/export", "/v1/organisations/o1/report", "/v1/organisations/o1/reports",
            "/v1/provinces/01/report", "/v1/provinces/01/reports", "/v1/classes/c1/progress", "/v1/classes/c1/managed-accounts/csv",
        ]
        let light = [
            "/v1/attempts/a1/answers/q1", "/v1/attempts/a1/submit", "/v1/auth/login", "/v1/courses/c1", "/v1/courses/c1/progress",
            "/health/live", "/v1/stats", "/dashboards", "/v1/me", "/v1/classes/c1",
        ]
        for path in heavy { #expect(HeavyWorkMiddleware<BasicRequestContext>.isHeavy(path: path), "\(path)") }
        for path in light { #expect(!HeavyWorkMiddleware<BasicRequestContext>.isHeavy(path: path), "\(path)") }
    }

    @Test func aHeavyRequestRunsOnItsExecutorBeforeAndAfterAnAwait() async throws {
        let router = Router()
        router.add(middleware: HeavyWorkMiddleware())
        // Where the handler runs when it starts and after a suspension: a continuation resumed
        // from elsewhere must come back to the preferred executor.
        let report: @Sendable (Request, BasicRequestContext) async throws -> String = { _, _ in
            let before = HeavyWorkExecutor.isCurrent
            try await Task.sleep(for: .milliseconds(5))
            return "\(before) \(HeavyWorkExecutor.isCurrent)"
        }
        router.get("/v1/stats/reach", use: report)
        router.get("/v1/attempts/{id}", use: report)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/stats/reach", method: .get) { response in
                #expect(String(buffer: response.body) == "true true")
            }
            try await client.execute(uri: "/v1/attempts/a1", method: .get) { response in
                #expect(String(buffer: response.body) == "false false")
            }
        }
    }
}
