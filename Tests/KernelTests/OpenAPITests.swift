import AgoraTesting
import Foundation
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("OpenAPI")
struct OpenAPITests {
    @Test func everyRegisteredRouteIsInTheDocument() async throws {
        try await TestKernel.withClient(modules: [GreetingModule()]) { client, kernel in
            let response = try await client.execute(uri: "/oms/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            #expect(((document["servers"] as? [[String: Any]])?.first?["url"] as? String) == "/oms")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(kernel.routes.routes.count > 40)
            for route in kernel.routes.routes where !route.isPage {
                let operation = paths[OpenAPIDocument.openAPIPath(route.path)]?[route.method.rawValue.lowercased()] as? [String: Any]
                #expect(operation != nil, "\(route.method) \(route.path) is missing from /openapi.json")
                #expect((operation?["summary"] as? String) == route.summary)
            }
            // Bodies, parameters, responses and errors are described.
            let createVendor = try #require(paths["/api/v1/admin/vendors"]?["post"] as? [String: Any])
            let body = ((createVendor["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
            #expect((body?["schema"] as? [String: Any])?["$ref"] as? String == "#/components/schemas/VendorInput")
            let responses = try #require(createVendor["responses"] as? [String: Any])
            #expect(responses["422"] != nil)
            #expect(responses["2XX"] != nil)
            let list = try #require(paths["/api/v1/admin/vendors"]?["get"] as? [String: Any])
            let names = (list["parameters"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["limit", "cursor"])
            let gated = try #require(paths["/api/v1/vendor/greetings"]?["post"] as? [String: Any])
            #expect(gated["x-agora-feature"] as? String == "greeting.hello")
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            let vendor = try #require(schemas["Vendor"])
            #expect((vendor["required"] as? [String])?.contains("slug") == true)
            let input = try #require(schemas["VendorInput"])
            #expect((input["required"] as? [String]) == [])  // every field optional: validation names what is missing
            #expect(schemas["PageVendor"] != nil)
        }
    }
}
