/// GTIN barcodes (EAN-8, UPC-A, EAN-13, GTIN-14): digits with a GS1 mod-10 check digit.
public enum GTIN {
    /// Whether `code` is 8, 12, 13 or 14 digits with a correct check digit.
    public static func isValid(_ code: String) -> Bool {
        let digits = code.compactMap(\.wholeNumberValue)
        guard digits.count == code.count, [8, 12, 13, 14].contains(digits.count) else { return false }
        return checkDigit(for: Array(digits.dropLast())) == digits.last
    }

    /// The GS1 check digit: weights 3 and 1 alternate from the right of the payload.
    public static func checkDigit(for payload: [Int]) -> Int {
        var sum = 0
        for (offset, digit) in payload.reversed().enumerated() {
            sum += digit * (offset % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }
}
