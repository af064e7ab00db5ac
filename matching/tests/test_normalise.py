from matching import normalise


def test_names_lose_case_accents_and_punctuation():
    assert normalise.first_name("  JOSÉ-Maria ") == "jose"
    assert normalise.surname("O'Neil-SMITH") == ("oneilsmith", ("oneil", "smith"))
    assert normalise.surname("McDonald") == ("mcdonald", ())
    assert normalise.first_name("Mr John") == "john"
    assert normalise.first_name("John Jnr") == "john"
    assert normalise.first_name("Junior") == "junior"  # a given name when it stands alone


def test_dates_of_birth():
    assert normalise.date_of_birth("2016-03-07") == (2016, 3, 7)
    assert normalise.date_of_birth("07/03/2016") == (2016, 3, 7)
    assert normalise.date_of_birth("2016-02-30") is None
    assert normalise.date_of_birth("") is None


def test_postcodes_with_and_without_space():
    assert normalise.postcode("e174ab") == ("E174AB", "E174", "E17")
    assert normalise.postcode("SW1A 1AA") == ("SW1A1AA", "SW1A1", "SW1A")
    assert normalise.postcode("not one")[1] == ""


def test_nhs_numbers_spaced_and_checked():
    assert normalise.nhs_number("943 476 5919") == ("9434765919", True)
    assert normalise.nhs_number("943-476-9519") == ("9434769519", False)
    assert normalise.nhs_number("12345") == ("", False)


def test_address_abbreviations():
    assert normalise.address_line("12a, High St.") == "12a high street"


def test_sex():
    assert [normalise.sex(v) for v in ("M", "female", "", "x")] == [1, 2, 0, 0]
