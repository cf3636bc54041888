extension VATNumberRules {
    /// 9 characters. Persons: 8 digits + letter (DNI), or X/Y/Z + 7 digits + letter (NIE), or
    /// K/L/M + 7 digits + letter; the letter is the number modulo 23. Entities (CIF): a letter,
    /// 7 digits and a Luhn check given as a digit or as a letter J, A…I.
    static let spain = VATNumberRule("9 characters: a letter or digit, 7 digits, a letter or digit") { national in
        guard national.count == 9 else { return .length }
        let characters = Array(national)
        guard let middle = CheckDigits.digits(characters[1...7]), let last = characters.last else { return .format }
        let letters = Array("TRWAGMYFPDXBNJZSQVHLCKE")
        let first = characters[0]
        if let digit = first.wholeNumberValue, first.isASCII {
            return verdict(letters[CheckDigits.value([digit] + middle) % 23] == last)
        }
        if let index = "XYZ".firstIndex(of: first) {
            let leading = "XYZ".distance(from: "XYZ".startIndex, to: index)
            return verdict(letters[CheckDigits.value([leading] + middle) % 23] == last)
        }
        if "KLM".contains(first) {
            return verdict(letters[CheckDigits.value(middle) % 23] == last)
        }
        if "ABCDEFGHJNPQRSUVW".contains(first) {
            // Sources disagree on which entity types use the letter form, so both are accepted.
            let check = CheckDigits.luhnCheckDigit(middle)
            return verdict(last.wholeNumberValue == check || last == Array("JABCDEFGHI")[check])
        }
        return .format
    }

    /// 2 check characters + the 9-digit SIREN (Luhn, except Monaco's `000…`). Numeric keys
    /// are (SIREN × 100 + 12) mod 97; new-style keys use letters without I and O.
    static let france = VATNumberRule("2 check characters followed by the 9-digit SIREN") { national in
        guard national.count == 11 else { return .length }
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        let characters = Array(national)
        guard let key0 = alphabet.firstIndex(of: characters[0]), let key1 = alphabet.firstIndex(of: characters[1]),
              let siren = CheckDigits.digits(characters[2...]) else { return .format }
        if siren.prefix(3) != [0, 0, 0], !CheckDigits.luhnIsValid(siren) { return .checkDigit }
        let sirenValue = CheckDigits.value(siren)
        if key0 < 10, key1 < 10 {
            return verdict(key0 * 10 + key1 == (sirenValue * 100 + 12) % 97)
        }
        let check = key0 < 10 ? key0 * 24 + key1 - 10 : key0 * 34 + key1 - 100
        return verdict((sirenValue + 1 + check / 11) % 11 == check % 11)
    }

    /// 7 digits + check letter (+ an optional second letter that joins the check), or the old
    /// form digit, letter/+/*, 5 digits, check letter.
    static let ireland = VATNumberRule("7 digits and 1 or 2 letters") { national in
        guard national.count == 8 || national.count == 9 else { return .length }
        let characters = Array(national)
        let alphabet = Array("WABCDEFGHIJKLMNOPQRSTUV")
        guard let first = characters[0].wholeNumberValue, characters[0].isASCII,
              let middle = CheckDigits.digits(characters[2...6]),
              characters[7...].allSatisfy({ alphabet.contains($0) }) else { return .format }
        func checkLetter(_ seven: [Int], extra: Int) -> Character {
            alphabet[(CheckDigits.weightedSum(seven, [8, 7, 6, 5, 4, 3, 2]) + extra) % 23]
        }
        if let seven = CheckDigits.digits(characters[0...6]) {
            let extra = characters.count == 9 ? 9 * alphabet.firstIndex(of: characters[8])! : 0
            return verdict(checkLetter(seven, extra: extra) == characters[7])
        }
        // Old style: the leading digit moves to the end of the payload.
        guard characters.count == 8, characters[1].isASCII,
              characters[1].isUppercase || characters[1] == "+" || characters[1] == "*" else { return .format }
        return verdict(checkLetter([0] + middle + [first], extra: 0) == characters[7])
    }

    /// 11 digits: companies (first digit above 3) by a weighted sum ≡ 3 (mod 11); persons by
    /// their personal code, whose first 7 digits are a birth date ddmmyy + century.
    static let latvia = VATNumberRule.digits("11 digits", lengths: [11]) { digits in
        if digits[0] > 3 {
            return verdict(CheckDigits.weightedSum(digits, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 == 3)
        }
        let year = 1800 + digits[6] * 100 + digits[4] * 10 + digits[5]
        guard CheckDigits.isCalendarDay(year: year, month: digits[2] * 10 + digits[3], day: digits[0] * 10 + digits[1]) else {
            return .component("birth date does not exist")
        }
        return verdict((1 + CheckDigits.weightedSum(digits, [10, 5, 8, 4, 2, 1, 6, 3, 7, 9])) % 11 % 10 == digits[10])
    }

    /// 8 digits; weighted sum divisible by 37.
    static let malta = VATNumberRule.digits("8 digits", lengths: [8], firstNotZero: true) { digits in
        verdict(CheckDigits.weightedSum(digits, [3, 4, 6, 7, 8, 9, 10, 1]) % 37 == 0)
    }

    /// 9 digits + `B` + 2 digits (short RSINs gain leading zeros). Older numbers carry the
    /// RSIN/BSN eleven-test; since 2020 sole traders get numbers checked by MOD 97-10 over
    /// `NL` + the number instead.
    static let netherlands = VATNumberRule("9 digits, B and 2 digits", pad: { national in
        let cut = national.count - 3
        guard cut >= 1, cut < 9, national.dropFirst(cut).first == "B" else { return national }
        return String(repeating: "0", count: 9 - cut) + national
    }) { national in
        guard national.count == 12 else { return .length }
        guard let digits = CheckDigits.digits(national.prefix(9)), national.dropFirst(9).first == "B",
              let branch = CheckDigits.digits(national.suffix(2)), CheckDigits.value(branch) > 0 else { return .format }
        let elevenTest = CheckDigits.value(digits) > 0
            && CheckDigits.mod(CheckDigits.weightedSum(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1]), 11) == 0
        return verdict(elevenTest || CheckDigits.iso7064Mod97_10IsValid("NL" + national))
    }

    /// 10 digits; weights 6,5,7,2,3,4,5,6,7 and −1 on the check digit sum to a multiple of 11.
    static let poland = VATNumberRule.digits("10 digits", lengths: [10]) { digits in
        verdict(CheckDigits.mod(CheckDigits.weightedSum(digits, [6, 5, 7, 2, 3, 4, 5, 6, 7, -1]), 11) == 0)
    }

    /// 9 digits; weights 9…2, check = (11 − sum) mod 11, 10 written 0.
    static let portugal = VATNumberRule.digits("9 digits", lengths: [9], firstNotZero: true) { digits in
        let sum = CheckDigits.weightedSum(digits, [9, 8, 7, 6, 5, 4, 3, 2])
        return verdict(CheckDigits.mod(11 - sum, 11) % 10 == digits[8])
    }

    /// 2–10 digits (the CIF, check over the others padded to 9), or a person's 13-digit CNP.
    static let romania = VATNumberRule.digits("2 to 10 digits", lengths: Set(2...10).union([13]), firstNotZero: true) { digits in
        if digits.count == 13 { return romanianPersonalNumberProblem(digits) }
        let payload = Array(repeating: 0, count: 10 - digits.count) + digits.dropLast()
        return verdict(10 * CheckDigits.weightedSum(payload, [7, 5, 3, 2, 1, 7, 5, 3, 2]) % 11 % 10 == digits.last)
    }

    /// The CNP: sex/century digit, birth date yymmdd, county, serial, weighted check (10 → 1).
    static func romanianPersonalNumberProblem(_ digits: [Int]) -> VATNumberProblem? {
        let century = [1: 1900, 2: 1900, 3: 1800, 4: 1800, 5: 2000, 6: 2000][digits[0]] ?? 1900
        let year = century + digits[1] * 10 + digits[2]
        guard CheckDigits.isCalendarDay(year: year, month: digits[3] * 10 + digits[4], day: digits[5] * 10 + digits[6]) else {
            return .component("birth date does not exist")
        }
        let check = CheckDigits.weightedSum(digits, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11
        return verdict((check == 10 ? 1 : check) == digits[12])
    }

    /// 12 digits: the 10-digit organisation number (Luhn) followed by `01`.
    static let sweden = VATNumberRule.digits("12 digits ending in 01", lengths: [12]) { digits in
        guard digits.suffix(2) == [0, 1] else { return .format }
        return verdict(CheckDigits.luhnIsValid(Array(digits.prefix(10))))
    }

    /// 8 digits; check = 11 − (weights 8…2 sum mod 11), 10 written 0, 11 impossible.
    static let slovenia = VATNumberRule.digits("8 digits", lengths: [8], firstNotZero: true) { digits in
        let check = 11 - CheckDigits.weightedSum(digits, [8, 7, 6, 5, 4, 3, 2]) % 11
        return verdict((check == 10 ? 0 : check) == digits[7])
    }

    /// 10 digits divisible by 11, third digit 2, 3, 4, 7, 8 or 9. (Birth numbers used as VAT
    /// numbers are not accepted: python-stdnum itself is unsure they are valid.)
    static let slovakia = VATNumberRule.digits("10 digits", lengths: [10], firstNotZero: true) { digits in
        guard [2, 3, 4, 7, 8, 9].contains(digits[2]) else { return .component("third digit must be 2, 3, 4, 7, 8 or 9") }
        return verdict(CheckDigits.value(digits) % 11 == 0)
    }

    /// UK-style numbers: 9 digits (12 with a branch) whose weighted sum is 0 mod 97, or 42 or
    /// 55 for numbers from 100 000 000 on (the 2010 "mod 9755" series); GD/HA + 3 digits for
    /// government departments and health authorities.
    static let northernIreland = VATNumberRule("9 digits, 12 digits with a branch, or GD/HA and 3 digits") { national in
        if national.count == 5 {
            guard let digits = CheckDigits.digits(national.dropFirst(2)) else { return .format }
            let number = CheckDigits.value(digits)
            switch national.prefix(2) {
            case "GD" where number < 500, "HA" where number >= 500: return nil
            case "GD", "HA": return .component("government departments are GD000–GD499, health authorities HA500–HA999")
            default: return .format
            }
        }
        guard national.count == 9 || national.count == 12 else { return .length }
        guard let digits = CheckDigits.digits(national) else { return .format }
        let sum = CheckDigits.weightedSum(digits, [8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97
        return verdict(CheckDigits.value(digits.prefix(3)) >= 100 ? [0, 42, 55].contains(sum) : sum == 0)
    }

    /// ISO 3166 numeric codes of the member states (and 900, Northern Ireland) that issue OSS
    /// numbers; they open the number. No check digit algorithm is published.
    static let issuingStates: Set<Int> = [
        40, 56, 100, 191, 196, 203, 208, 233, 246, 250, 276, 300, 348, 372, 380, 428, 440, 442,
        470, 528, 616, 620, 642, 703, 705, 724, 752, 900,
    ]

    /// One-Stop-Shop (non-Union scheme) identification numbers: `EU` + 9 digits, the first
    /// three naming the member state of identification. Format only.
    static let oneStopShop = VATNumberRule.digits("9 digits", lengths: [9]) { digits in
        let state = CheckDigits.value(digits.prefix(3))
        guard issuingStates.contains(state) else {
            return .component("\(digits.prefix(3).map(String.init).joined()) is not a member state of identification")
        }
        return nil
    }
}
