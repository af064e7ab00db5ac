"""NHS number, UPN and postcode rules (people.identifiers)."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from people.identifiers import nhs_number, postcode, upn

# --- NHS number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("9434765919", "9434765919"),
        ("4010232137", "4010232137"),
        ("9990000018", "9990000018"),
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        (" 943 476-5919 ", "9434765919"),
    ],
)
def test_nhs_number_valid_numbers_are_accepted_and_normalised(typed, stored):
    assert nhs_number.is_valid(typed)
    assert nhs_number.validate(typed) == stored


def test_nhs_number_wrong_check_digit_is_rejected_with_check_digit_message():
    with pytest.raises(ValidationError) as exc:
        nhs_number.validate("9434765918")
    assert exc.value.code == "nhs_number_check_digit"
    assert nhs_number.BAD_CHECK_DIGIT in exc.value.messages
    assert not nhs_number.is_valid("9434765918")


def _weighted_check(first_nine: str) -> int:
    """The modulus-11 rule written out independently of the module under test."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    return 11 - (total % 11)


def test_nine_digits_whose_check_would_be_ten_can_never_make_a_valid_number():
    first_nine = next(
        f"{n:09d}" for n in itertools.count(123_456_780) if _weighted_check(f"{n:09d}") == 10
    )
    assert nhs_number.check_digit(first_nine) is None
    for last in "0123456789":
        candidate = first_nine + last
        if len(set(candidate)) == 1:
            continue
        assert not nhs_number.is_valid(candidate), candidate
        with pytest.raises(ValidationError) as exc:
            nhs_number.validate(candidate)
        assert exc.value.code == "nhs_number_check_digit"


def test_check_digit_eleven_becomes_zero():
    first_nine = next(
        f"{n:09d}" for n in itertools.count(123_456_780) if _weighted_check(f"{n:09d}") == 11
    )
    assert nhs_number.check_digit(first_nine) == 0
    assert nhs_number.is_valid(first_nine + "0")


@pytest.mark.parametrize("value", ["943476591", "94347659190", "", "943 476 591", "12345"])
def test_nhs_number_wrong_length_is_rejected(value):
    with pytest.raises(ValidationError) as exc:
        nhs_number.validate(value)
    assert exc.value.code == "nhs_number_format"
    assert nhs_number.NOT_TEN_DIGITS in exc.value.messages


@pytest.mark.parametrize("value", ["943476591X", "ABCDEFGHIJ", "943.476.5919", "9434765919a"])
def test_nhs_number_letters_and_other_characters_are_rejected(value):
    with pytest.raises(ValidationError) as exc:
        nhs_number.validate(value)
    assert exc.value.code == "nhs_number_format"


@pytest.mark.parametrize("value", ["0000000000", "1111111111", "000 000 0000"])
def test_nhs_number_same_digit_ten_times_is_rejected(value):
    # Both of these pass the modulus-11 check, so only the repeated-digit rule stops them.
    digits = value.replace(" ", "")
    assert nhs_number.check_digit(digits[:9]) == int(digits[9])
    with pytest.raises(ValidationError) as exc:
        nhs_number.validate(value)
    assert exc.value.code == "nhs_number_repeated"
    assert nhs_number.ALL_SAME in exc.value.messages


def test_nhs_number_non_ascii_digits_are_rejected():
    arabic_indic = "٩٤٣٤٧٦٥٩١٩"  # 9434765919 in Arabic-Indic digits
    assert not nhs_number.is_valid(arabic_indic)


def test_nhs_number_display_is_3_3_4():
    assert nhs_number.display("9434765919") == "943 476 5919"
    assert nhs_number.display("943-476-5919") == "943 476 5919"
    # Something that is not 10 digits is shown as typed, never truncated or padded.
    assert nhs_number.display("12345") == "12345"
    assert nhs_number.display("") == ""


def test_nhs_number_normalise_strips_spaces_and_hyphens_only():
    assert nhs_number.normalise(" 943 476-5919\t") == "9434765919"
    assert nhs_number.normalise("943.476.5919") == "943.476.5919"
    assert nhs_number.normalise("") == ""
    assert nhs_number.normalise(None) == ""


# --- UPN --------------------------------------------------------------------------------------


def test_upn_known_valid_example():
    assert upn.is_valid("R801200101001")
    assert upn.validate("R801200101001") == "R801200101001"
    assert not upn.is_temporary("R801200101001")


@pytest.mark.parametrize(
    ("la", "establishment", "year", "serial"),
    [(801, 2001, 1, 1), (201, 3614, 2016, 42), (1, 0, 2024, 999), (941, 7001, 9, 500)],
)
def test_upn_make_produces_valid_permanent_upns(la, establishment, year, serial):
    made = upn.make(la, establishment, year, serial)
    assert len(made) == 13
    assert made[1:4] == f"{la:03d}"
    assert made[4:8] == f"{establishment:04d}"
    assert made[8:10] == f"{year % 100:02d}"
    assert made[10:] == f"{serial:03d}"
    assert upn.validate(made) == made
    assert not upn.is_temporary(made)


def test_upn_make_matches_known_example():
    assert upn.make(801, 2001, 2001, 1) == "R801200101001"


def test_upn_wrong_check_letter_is_rejected():
    for letter in upn.ALPHABET:
        if letter == "R":
            continue
        with pytest.raises(ValidationError) as exc:
            upn.validate(letter + "801200101001")
        assert exc.value.code == "upn_check_letter"
        assert upn.BAD_CHECK_LETTER in exc.value.messages


def test_upn_changed_digit_is_caught_by_check_letter():
    assert not upn.is_valid("R801200101002")


@pytest.mark.parametrize("value", ["R80120010100", "R8012001010011", "", "R"])
def test_upn_wrong_length_is_rejected(value):
    with pytest.raises(ValidationError) as exc:
        upn.validate(value)
    assert exc.value.code == "upn_length"
    assert upn.WRONG_LENGTH in exc.value.messages


def test_upn_lowercase_and_spaces_accepted_and_normalised():
    assert upn.validate("r801200101001") == "R801200101001"
    assert upn.validate(" r801 2001 01001 ") == "R801200101001"
    assert upn.normalise("r801200101001") == "R801200101001"


@pytest.mark.parametrize("letter", ["I", "O", "S", "i", "o", "s"])
def test_upn_letters_i_o_s_are_never_used(letter):
    # As the check letter ...
    with pytest.raises(ValidationError) as exc:
        upn.validate(letter + "801200101001")
    assert exc.value.code == "upn_format"
    # ... or as the temporary letter at the end, even with a matching-looking check letter.
    body = "80120010100" + letter.upper()
    for check in upn.ALPHABET:
        assert not upn.is_valid(check + body)


def _temporary_upn(body_eleven_digits: str, last_letter: str) -> str:
    """Compute the check letter independently: values by position 2..13, mod 23."""
    body = body_eleven_digits + last_letter
    values = [int(c) if c.isdigit() else upn.ALPHABET.index(c) for c in body]
    total = sum(v * pos for pos, v in zip(range(2, 14), values, strict=True))
    return upn.ALPHABET[total % 23] + body


@pytest.mark.parametrize("last", ["A", "K", "Z"])
def test_temporary_upn_ending_in_a_letter_is_valid_and_temporary(last):
    temp = _temporary_upn("80120012400", last)
    assert upn.validate(temp) == temp
    assert upn.validate(temp.lower()) == temp
    assert upn.is_temporary(temp)
    assert upn.is_temporary(temp.lower())
    # Another final letter, same check letter: the check catches it.
    other = "B" if last != "B" else "C"
    assert not upn.is_valid(temp[:-1] + other)


def test_upn_with_letter_in_the_middle_is_rejected():
    with pytest.raises(ValidationError) as exc:
        upn.validate("R8012A0101001")
    assert exc.value.code == "upn_format"


# --- Postcodes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        (" sw1a  1aa ", "SW1A 1AA"),
        ("e174ab", "E17 4AB"),
        ("m11ae", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("cr26xh", "CR2 6XH"),
        ("dn551pt", "DN55 1PT"),
    ],
)
def test_postcode_normalise_and_validate(typed, normal):
    assert postcode.normalise(typed) == normal
    assert postcode.validate(typed) == normal


@pytest.mark.parametrize("value", ["12345", "", "SW1A", "SW1A 1A", "1AA SW1A", "ZZZ9 9ZZ"])
def test_postcode_invalid_values_are_rejected(value):
    with pytest.raises(ValidationError) as exc:
        postcode.validate(value)
    assert postcode.INVALID in exc.value.messages


def test_postcode_sector():
    assert postcode.sector("E17 4AB") == "E17 4"
    assert postcode.sector("e174ab") == "E17 4"
    assert postcode.sector("SW1A 1AA") == "SW1A 1"
    assert postcode.sector("12345") == ""
