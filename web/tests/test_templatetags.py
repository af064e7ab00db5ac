"""Template filters shared by every page."""


def test_iso_date_shows_a_partner_files_date_the_govuk_way():
    from web.templatetags.govuk import iso_date

    assert iso_date("2016-07-03") == "3 July 2016"
    assert iso_date("") == ""
    assert iso_date("03/07/2016") == "03/07/2016"  # not ISO: shown as it is
