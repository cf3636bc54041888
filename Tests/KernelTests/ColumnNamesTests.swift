import Foundation
@testable import Kernel
import NIOConcurrencyHelpers
import SQLKit
import Testing

/// The cached column names are exactly the names SQLKit's `.convertFromSnakeCase` looks for.
@Suite("Column names")
struct ColumnNamesTests {
    static let keys = ["id", "vendorId", "customerEmail", "lowStockThresholdMilli", "isActive", "vatRateClass", "marketingConsentAt",
                       "pricesIncludeVat", "tierCode", "ownedCompanyVendorIDs", "userID", "imageURL", "URLString", "ABC", "aBC", "a",
                       "x2y", "already_snake", "_private", "trailing_", "number", "externalReference", "onHandMilli", "eventId",
                       "HTTPStatusCode", "totalMinor", "utf8Name", "äÖü", "lastNumber", "periodKey"]

    /// A row that remembers which columns a decoder asked for.
    final class RecordingRow: SQLRow, Sendable {
        let asked = NIOLockedValueBox<[String]>([])
        var allColumns: [String] { [] }
        func contains(column: String) -> Bool { asked.withLockedValue { $0.append(column) }; return false }
        func decodeNil(column: String) throws -> Bool { true }
        func decode<D: Decodable>(column: String, as: D.Type) throws -> D { throw DecodingError.valueNotFound(D.self, .init(codingPath: [], debugDescription: column)) }
    }

    /// Asks its decoder's container about every key of ``keys``.
    struct Probe: Decodable {
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: SomeCodingKey.self)
            for key in ColumnNamesTests.keys { _ = container.contains(SomeCodingKey(stringValue: key)) }
        }
    }

    func columns(_ strategy: SQLRowDecoder.KeyDecodingStrategy) throws -> [String] {
        let row = RecordingRow()
        _ = try SQLRowDecoder(keyDecodingStrategy: strategy).decode(Probe.self, from: row)
        return row.asked.withLockedValue { $0 }
    }

    @Test func theCachedNamesAreSQLKitsSnakeCaseNames() throws {
        let sqlkit = try columns(.convertFromSnakeCase)
        #expect(sqlkit.count == Self.keys.count)
        #expect(try columns(ColumnNames.strategy) == sqlkit)
        #expect(try columns(ColumnNames.strategy) == sqlkit)  // from the cache this time
        #expect(ColumnNames.column(for: "lowStockThresholdMilli") == "low_stock_threshold_milli")
        #expect(ColumnNames.column(for: "imageURL") == "image_uRL")  // SQLKit's quirk, kept
    }
}
