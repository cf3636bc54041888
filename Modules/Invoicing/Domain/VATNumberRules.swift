/// Why a national part fails its country's rule.
enum VATNumberProblem: Equatable {
    case length
    case format
    case checkDigit
    /// A part that has the right shape but an impossible value, said in words.
    case component(String)

    func reason(prefix: String, shape: String) -> String {
        switch self {
        case .length: "wrong length for \(prefix): expected \(shape)"
        case .format: "invalid format for \(prefix): expected \(shape)"
        case .checkDigit: "check digit mismatch"
        case .component(let detail): "invalid \(prefix) number: \(detail)"
        }
    }
}

/// One country's offline rule: the shape people are told to type, an optional padding of
/// historic short forms, and the check.
struct VATNumberRule: Sendable {
    /// "8 digits", said in a refusal.
    let shape: String
    /// Expands an accepted short form to the current one before checking (Belgium's 9 digits).
    var pad: (@Sendable (String) -> String)?
    let check: @Sendable (String) -> VATNumberProblem?

    init(_ shape: String, pad: (@Sendable (String) -> String)? = nil, check: @escaping @Sendable (String) -> VATNumberProblem?) {
        self.shape = shape
        self.pad = pad
        self.check = check
    }

    /// A number of `lengths` digits whose check is a pure function of its digits.
    static func digits(_ shape: String, lengths: Set<Int>, firstNotZero: Bool = false,
                       pad: (@Sendable (String) -> String)? = nil,
                       check: @escaping @Sendable ([Int]) -> VATNumberProblem?) -> VATNumberRule {
        VATNumberRule(shape, pad: pad) { national in
            guard lengths.contains(national.count) else { return .length }
            guard let digits = CheckDigits.digits(national), !(firstNotZero && digits.first == 0) else { return .format }
            return check(digits)
        }
    }
}

/// The offline rules for the 27 member states, Northern Ireland (`XI`) and OSS numbers (`EU`),
/// after the algorithms python-stdnum documents (stdnum/<country>/…), checked against the real
/// numbers in its test suite. Each `check` returns nil when the number passes.
enum VATNumberRules {
    static let byPrefix: [String: VATNumberRule] = [
        "AT": austria, "BE": belgium, "BG": bulgaria, "CY": cyprus, "CZ": czechia, "DE": germany,
        "DK": denmark, "EE": estonia, "EL": greece, "ES": spain, "FI": finland, "FR": france,
        "HR": croatia, "HU": hungary, "IE": ireland, "IT": italy, "LT": lithuania, "LU": luxembourg,
        "LV": latvia, "MT": malta, "NL": netherlands, "PL": poland, "PT": portugal, "RO": romania,
        "SE": sweden, "SI": slovenia, "SK": slovakia, "XI": northernIreland, "EU": oneStopShop,
    ]

    static func verdict(_ passes: Bool) -> VATNumberProblem? {
        passes ? nil : .checkDigit
    }

    /// `U` + 8 digits; the last is a Luhn-style digit over digits 1–7, offset by 4.
    static let austria = VATNumberRule("U followed by 8 digits") { national in
        guard national.count == 9 else { return .length }
        guard national.first == "U", let digits = CheckDigits.digits(national.dropFirst()) else { return .format }
        return verdict(CheckDigits.mod(6 - CheckDigits.luhnSum(Array(digits.prefix(7))), 10) == digits[7])
    }

    /// 10 digits starting 0 or 1 (old 9-digit numbers gain a leading 0): the first 8 digits
    /// plus the last 2 are divisible by 97.
    static let belgium = VATNumberRule.digits("10 digits starting with 0 or 1", lengths: [10],
                                              pad: { $0.count == 9 ? "0" + $0 : $0 }) { digits in
        guard digits[0] <= 1 else { return .format }
        return verdict((CheckDigits.value(digits.prefix(8)) + CheckDigits.value(digits.suffix(2))) % 97 == 0)
    }

    /// 9 digits (companies) or 10 (a person's EGN, a foreigner's PNF, or other).
    static let bulgaria = VATNumberRule.digits("9 or 10 digits", lengths: [9, 10]) { digits in
        if digits.count == 9 {
            var check = CheckDigits.weightedSum(digits, Array(1...8)) % 11
            if check == 10 { check = CheckDigits.weightedSum(digits, Array(3...10)) % 11 }
            return verdict(check % 10 == digits[8])
        }
        let egn = bulgarianBirthDateIsValid(digits)
            && CheckDigits.weightedSum(digits, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10 == digits[9]
        let foreigner = CheckDigits.weightedSum(digits, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 == digits[9]
        let other = (11 - CheckDigits.weightedSum(digits, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11) % 11 == digits[9]
        return verdict(egn || foreigner || other)
    }

    /// EGN dates: months 21–32 are the 1800s, 41–52 the 2000s.
    static func bulgarianBirthDateIsValid(_ digits: [Int]) -> Bool {
        var year = 1900 + digits[0] * 10 + digits[1]
        var month = digits[2] * 10 + digits[3]
        if month > 40 { year += 100; month -= 40 } else if month > 20 { year -= 100; month -= 20 }
        return CheckDigits.isCalendarDay(year: year, month: month, day: digits[4] * 10 + digits[5])
    }

    /// 8 digits + a check letter; numbers never start with 12.
    static let cyprus = VATNumberRule("8 digits followed by a letter") { national in
        guard national.count == 9 else { return .length }
        guard let digits = CheckDigits.digits(national.prefix(8)), let letter = national.last, letter.isLetter else { return .format }
        if digits[0] == 1 && digits[1] == 2 { return .component("numbers starting with 12 do not exist") }
        let oddWeights = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
        var sum = 0
        for (index, digit) in digits.enumerated() { sum += index % 2 == 0 ? oddWeights[digit] : digit }
        return verdict(Character(UnicodeScalar(UInt8(65 + sum % 26))) == letter)
    }

    /// 8 digits (companies), 9 starting with 6 (persons without a birth number), or a 9/10
    /// digit birth number (rodné číslo) with its date.
    static let czechia = VATNumberRule.digits("8, 9 or 10 digits", lengths: [8, 9, 10]) { digits in
        switch digits.count {
        case 8:
            if digits[0] == 9 { return .component("8-digit numbers do not start with 9") }
            let check = CheckDigits.mod(11 - CheckDigits.weightedSum(digits, [8, 7, 6, 5, 4, 3, 2]), 11)
            return verdict((check == 0 ? 1 : check) % 10 == digits[7])
        case 9 where digits[0] == 6:
            let sum = CheckDigits.weightedSum(Array(digits[1...7]), [8, 7, 6, 5, 4, 3, 2]) % 11
            return verdict(CheckDigits.mod(8 - (10 - sum) % 11, 10) == digits[8])
        default:
            return birthNumberProblem(digits)
        }
    }

    /// Czech and Slovak birth numbers: a date (women +50 on the month, +20 when the serials
    /// overflow); 9 digits only before 1954; with 10, the last is the first nine mod 11 (10 → 0).
    static func birthNumberProblem(_ digits: [Int]) -> VATNumberProblem? {
        var year = 1900 + digits[0] * 10 + digits[1]
        let month = (digits[2] * 10 + digits[3]) % 50 % 20
        if digits.count == 9 {
            if year >= 1980 { year -= 100 }
            if year > 1953 { return .component("9-digit birth numbers end in 1953") }
        } else if year < 1954 {
            year += 100
        }
        guard CheckDigits.isCalendarDay(year: year, month: month, day: digits[4] * 10 + digits[5]) else {
            return .component("birth date does not exist")
        }
        guard digits.count == 10 else { return nil }
        return verdict(CheckDigits.value(digits.prefix(9)) % 11 % 10 == digits[9])
    }

    /// 9 digits, ISO 7064 MOD 11,10.
    static let germany = VATNumberRule.digits("9 digits", lengths: [9], firstNotZero: true) { digits in
        verdict(CheckDigits.iso7064Mod11_10IsValid(digits))
    }

    /// 8 digits, weighted sum divisible by 11.
    static let denmark = VATNumberRule.digits("8 digits", lengths: [8], firstNotZero: true) { digits in
        verdict(CheckDigits.weightedSum(digits, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0)
    }

    /// 9 digits, weights 3-7-1 sum to a multiple of 10.
    static let estonia = VATNumberRule.digits("9 digits", lengths: [9]) { digits in
        verdict(CheckDigits.weightedSum(digits, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0)
    }

    /// 9 digits (old 8-digit numbers gain a leading 0); the check doubles left to right.
    static let greece = VATNumberRule.digits("9 digits", lengths: [9], pad: { $0.count == 8 ? "0" + $0 : $0 }) { digits in
        let sum = digits.prefix(8).reduce(0) { $0 * 2 + $1 }
        return verdict(sum * 2 % 11 % 10 == digits[8])
    }

    /// 8 digits; weights 7,9,10,5,8,4,2,1 sum to a multiple of 11.
    static let finland = VATNumberRule.digits("8 digits", lengths: [8]) { digits in
        verdict(CheckDigits.weightedSum(digits, [7, 9, 10, 5, 8, 4, 2, 1]) % 11 == 0)
    }

    /// 11 digits; MOD 11,10 like Germany (the OIB).
    static let croatia = VATNumberRule.digits("11 digits", lengths: [11]) { digits in
        verdict(CheckDigits.iso7064Mod11_10IsValid(digits))
    }

    /// 8 digits; weights 9,7,3,1 sum to a multiple of 10.
    static let hungary = VATNumberRule.digits("8 digits", lengths: [8]) { digits in
        verdict(CheckDigits.weightedSum(digits, [9, 7, 3, 1, 9, 7, 3, 1]) % 10 == 0)
    }

    /// 11 digits: company number, office code (001–100, 120, 121, 888, 999), Luhn digit.
    static let italy = VATNumberRule.digits("11 digits", lengths: [11]) { digits in
        guard CheckDigits.value(digits.prefix(7)) > 0 else { return .component("company number is zero") }
        let office = CheckDigits.value(digits[7...9])
        guard (1...100).contains(office) || [120, 121, 888, 999].contains(office) else {
            return .component("unknown tax office \(digits[7...9].map(String.init).joined())")
        }
        return verdict(CheckDigits.luhnIsValid(digits))
    }

    /// 9 digits (companies, 8th is 1) or 12 (temporary registrations, 11th is 1).
    static let lithuania = VATNumberRule.digits("9 or 12 digits", lengths: [9, 12]) { digits in
        guard digits[digits.count - 2] == 1 else { return .component("second-to-last digit must be 1") }
        let payload = Array(digits.dropLast())
        var check = CheckDigits.weightedSum(payload, payload.indices.map { 1 + $0 % 9 }) % 11
        if check == 10 { check = CheckDigits.weightedSum(payload, payload.indices.map { 1 + ($0 + 2) % 9 }) }
        return verdict(check % 11 % 10 == digits.last)
    }

    /// 8 digits: the last two are the first six modulo 89.
    static let luxembourg = VATNumberRule.digits("8 digits", lengths: [8]) { digits in
        verdict(CheckDigits.value(digits.prefix(6)) % 89 == CheckDigits.value(digits.suffix(2)))
    }
}
