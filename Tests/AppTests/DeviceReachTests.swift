import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct DeviceReachTests {
    func event(
        _ client: some TestClientProtocol,
        key: String,
        activity: String = "read-tip",
        address: String = "203.0.113.7"
    ) async throws -> TestResponse {
        var headers = jsonHeaders
        headers[.xForwardedFor] = address
        return try await client.execute(
            uri: "/v1/reach/events",
            method: .post,
            headers: headers,
            body: json(["deviceKey": key, "activity": activity])
        )
    }

    @Test func devicesAreCountedOnceBesidePeopleAndLeaveTheSeriesWhenLinked() async throws {
        try await withTestApp { client, url in
            let keys = (0..<12).map { "device-key-\($0)-abcdefgh" }
            for key in keys {
                #expect(try await event(client, key: key).status == .accepted)
            }
            #expect(try await event(client, key: keys[0], activity: "played-game").status == .accepted, "a second activity is accepted")
            let admin = try await registerAdmin(client, url: url)
            let before = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(before["devices"] as? Int == 12, "one device, counted once")
            #expect(before["reached"] as? Int == 0, "devices are never added to people reached")

            try await register(client, "may.cu@example.org", extra: ["deviceKey": keys[1]])
            let after = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(after["devices"] as? Int == 11, "a device used to sign up belongs to a person now")
            try await register(client, "dang.ky.truoc@example.org", extra: ["deviceKey": "registered-before-its-first-event"])
            #expect(try await event(client, key: "registered-before-its-first-event").status == .accepted)
            let later = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(later["devices"] as? Int == 11, "a device that already belongs to a person never enters the series")
            #expect(try await query("SELECT count(*)::int FROM device_reach WHERE first_activity = 'read-tip'", url: url) == 13)
            #expect(
                try await query("SELECT count(*)::int FROM device_reach WHERE device_hash::text LIKE '%device-key%'", url: url) == 0,
                "only a keyed hash is kept"
            )
        }
    }

    @Test func fewDevicesAreWithheld() async throws {
        try await withTestApp { client, url in
            for index in 0..<3 { #expect(try await event(client, key: "few-devices-key-\(index)").status == .accepted) }
            let admin = try await registerAdmin(client, url: url)
            let body = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(body["devices"] == nil && body["suppressed"] as? Bool == true)
        }
    }

    @Test(arguments: [
        (#"{"deviceKey": "short", "activity": "read-tip"}"#, "/deviceKey"),
        (#"{"deviceKey": "a-well-formed-device-key", "activity": "mined-bitcoin"}"#, "/activity"),
        (#"{"activity": "read-tip"}"#, "/deviceKey"),
        (#"{"deviceKey": 12, "activity": "read-tip"}"#, "/deviceKey"),
    ])
    func badEventsAre422(body: String, pointer: String) async throws {
        try await withTestApp { client, url in
            let response = try await client.execute(uri: "/v1/reach/events", method: .post, headers: jsonHeaders, body: ByteBuffer(string: body))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.map(\.pointer).contains(pointer) == true)
            #expect(try await query("SELECT count(*)::int FROM device_reach", url: url) == 0)
        }
    }

    @Test func aScriptRepeatingOneKeyIsThrottled() async throws {
        try await withTestApp { client, _ in
            // 60 free, and the 61st records the first delay.
            for _ in 0..<61 { #expect(try await event(client, key: "one-busy-device-key").status == .accepted) }
            let response = try await event(client, key: "one-busy-device-key")
            try expectProblem(response, status: .tooManyRequests, type: "too-many-requests")
            #expect(response.headers[.retryAfter] != nil)
        }
    }
}
