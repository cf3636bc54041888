/// The arithmetic the national VAT number check digits are built from.
enum CheckDigits {
    /// The digits of `text`, or nil when it holds anything else.
    static func digits(_ text: some Sequence<Character>) -> [Int]? {
        var digits: [Int] = []
        for character in text {
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            digits.append(digit)
        }
        return digits
    }

    /// Σ digit × weight, pairing from the left (extra digits or weights are ignored).
    static func weightedSum(_ digits: [Int], _ weights: [Int]) -> Int {
        zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The number the digits spell, for the algorithms that take a remainder of the whole
    /// number; VAT numbers are at most 13 digits, so `Int` holds them.
    static func value(_ digits: some Collection<Int>) -> Int {
        digits.reduce(0) { $0 * 10 + $1 }
    }

    /// A remainder that is never negative, as the published algorithms assume.
    static func mod(_ value: Int, _ modulus: Int) -> Int {
        ((value % modulus) + modulus) % modulus
    }

    /// The Luhn sum: from the right, every second digit is doubled and its digits added.
    static func luhnSum(_ digits: [Int]) -> Int {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            sum += offset % 2 == 0 ? digit : (digit * 2) / 10 + (digit * 2) % 10
        }
        return sum % 10
    }

    /// Whether the last digit is the Luhn check digit of the others.
    static func luhnIsValid(_ digits: [Int]) -> Bool {
        luhnSum(digits) == 0
    }

    /// The digit that makes `payload` + digit Luhn-valid.
    static func luhnCheckDigit(_ payload: [Int]) -> Int {
        mod(10 - luhnSum(payload + [0]), 10)
    }

    /// ISO 7064 MOD 11,10 (Germany, Croatia): true when the last digit checks the others.
    static func iso7064Mod11_10IsValid(_ digits: [Int]) -> Bool {
        var check = 5
        for digit in digits {
            check = ((check == 0 ? 10 : check) * 2 % 11 + digit) % 10
        }
        return check == 1
    }

    /// ISO 7064 MOD 97-10 over letters and digits (letters count 10…35, as in IBANs):
    /// true when the whole string is 1 modulo 97.
    static func iso7064Mod97_10IsValid(_ text: String) -> Bool {
        var remainder = 0
        for character in text {
            guard character.isASCII else { return false }
            if let digit = character.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else if character.isUppercase, let ascii = character.asciiValue {
                remainder = (remainder * 100 + Int(ascii) - 55) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }

    /// Whether year-month-day is a real calendar day (the birth dates inside personal numbers).
    static func isCalendarDay(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
