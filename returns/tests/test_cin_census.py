"""The CIN census XML for constructed children, element for element (domain.md §5.1's tricky
cases: two referrals in a year, a CP plan across the year start, an unborn child, a case closed
with RC9 at a step-down, a referral with no further action), for 2025-26 and 2026-27."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET  # noqa: S405 - parsing the file this app wrote

import pytest

from familyhub import errors
from returns import cin_census, years

from .conftest import AVA_UPN, BEN_UPN, CAL_UPN

NOW = dt.datetime(2026, 12, 1, 9, 30)

HEADER = """
<Header>
  <CollectionDetails>
    <Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate>
  </CollectionDetails>
  <Source>
    <SourceLevel>L</SourceLevel><LEA>001</LEA><SoftwareCode>FamilyHub</SoftwareCode>
    <Release>0.1.0</Release><SerialNo>001</SerialNo><DateTime>2026-12-01T09:30:00</DateTime>
  </Source>
  <Content><CBDSLevels><CBDSLevel>Child</CBDSLevel></CBDSLevels></Content>
</Header>
"""

AVA_2025_26 = f"""
<Child>
  <ChildIdentifiers>
    <LAchildID>CEN001</LAchildID><UPN>{AVA_UPN}</UPN>
    <PersonBirthDate>2016-03-07</PersonBirthDate><Sex>F</Sex>
  </ChildIdentifiers>
  <ChildCharacteristics>
    <Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
  </ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>2A</ReferralSource>
    <PrimaryNeedCode>N4</PrimaryNeedCode><CINclosureDate>2025-06-11</CINclosureDate>
    <ReasonForClosure>RC8</ReasonForClosure><ReferralNFA>0</ReferralNFA>
    <Assessments>
      <AssessmentActualStartDate>2025-05-01</AssessmentActualStartDate>
      <AssessmentAuthorisationDate>2025-06-10</AssessmentAuthorisationDate>
      <FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors>
      </FactorsIdentifiedAtAssessment>
    </Assessments>
  </CINdetails>
  <CINdetails>
    <CINreferralDate>2025-09-01</CINreferralDate><ReferralSource>6</ReferralSource>
    <PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA>
    <Assessments>
      <AssessmentActualStartDate>2025-09-01</AssessmentActualStartDate>
      <AssessmentAuthorisationDate>2025-10-01</AssessmentAuthorisationDate>
      <FactorsIdentifiedAtAssessment>
        <AssessmentFactors>3B</AssessmentFactors><AssessmentFactors>4B</AssessmentFactors>
      </FactorsIdentifiedAtAssessment>
    </Assessments>
    <CINPlanDates>
      <CINPlanStartDate>2025-10-02</CINPlanStartDate><CINPlanEndDate>2025-12-01</CINPlanEndDate>
    </CINPlanDates>
    <CINPlanDates><CINPlanStartDate>2026-01-05</CINPlanStartDate></CINPlanDates>
  </CINdetails>
</Child>
"""

BEN_2025_26 = f"""
<Child>
  <ChildIdentifiers>
    <LAchildID>CEN002</LAchildID><UPN>{BEN_UPN}</UPN>
    <PersonBirthDate>2019-02-02</PersonBirthDate><Sex>M</Sex>
  </ChildIdentifiers>
  <ChildCharacteristics>
    <Ethnicity>NOBT</Ethnicity>
    <Disabilities><Disability>HAND</Disability><Disability>VIS</Disability></Disabilities>
  </ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2025-01-06</CINreferralDate><ReferralSource>6</ReferralSource>
    <PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2025-11-14</CINclosureDate>
    <ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>0</ReferralNFA>
    <ChildProtectionPlans>
      <CPPstartDate>2025-01-28</CPPstartDate><CPPendDate>2025-10-20</CPPendDate>
      <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
      <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
      <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
      <Reviews><CPPreviewDate>2025-04-25</CPPreviewDate><CPPreviewDate>2025-10-20</CPPreviewDate>
      </Reviews>
    </ChildProtectionPlans>
  </CINdetails>
</Child>
"""

CAL_2025_26 = f"""
<Child>
  <ChildIdentifiers>
    <LAchildID>CEN004</LAchildID><UPN>{CAL_UPN}</UPN>
    <PersonBirthDate>2014-05-05</PersonBirthDate><Sex>M</Sex>
  </ChildIdentifiers>
  <ChildCharacteristics>
    <Ethnicity>WIRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
  </ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2025-06-02</CINreferralDate><ReferralSource>5D</ReferralSource>
    <PrimaryNeedCode>N2</PrimaryNeedCode><CINclosureDate>2025-07-04</CINclosureDate>
    <ReasonForClosure>RC9</ReasonForClosure><ReferralNFA>0</ReferralNFA>
    <Assessments>
      <AssessmentActualStartDate>2025-06-02</AssessmentActualStartDate>
      <AssessmentAuthorisationDate>2025-07-01</AssessmentAuthorisationDate>
      <FactorsIdentifiedAtAssessment><AssessmentFactors>1B</AssessmentFactors>
      </FactorsIdentifiedAtAssessment>
    </Assessments>
  </CINdetails>
</Child>
"""

AVA_2026_27 = f"""
<Child>
  <ChildIdentifiers>
    <LAchildID>CEN001</LAchildID><UPN>{AVA_UPN}</UPN>
    <PersonBirthDate>2016-03-07</PersonBirthDate><Sex>F</Sex>
  </ChildIdentifiers>
  <ChildCharacteristics>
    <Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
  </ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2025-09-01</CINreferralDate><ReferralSource>6</ReferralSource>
    <PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2026-05-01</CINclosureDate>
    <ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>0</ReferralNFA>
    <CINPlanDates>
      <CINPlanStartDate>2026-01-05</CINPlanStartDate><CINPlanEndDate>2026-05-01</CINPlanEndDate>
    </CINPlanDates>
  </CINdetails>
</Child>
"""

BABY_2026_27 = """
<Child>
  <ChildIdentifiers>
    <LAchildID>CEN003</LAchildID><UPNunknown>UN1</UPNunknown>
    <ExpectedPersonBirthDate>2027-02-14</ExpectedPersonBirthDate><Sex>U</Sex>
  </ChildIdentifiers>
  <ChildCharacteristics>
    <Ethnicity>NOBT</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
  </ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2026-11-20</CINreferralDate><ReferralSource>3B</ReferralSource>
    <PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2026-11-24</CINclosureDate>
    <ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>1</ReferralNFA>
  </CINdetails>
</Child>
"""


def _elements(xml: bytes | str) -> list[str]:
    """Every element in document order as 'path=text' (text stripped)."""
    root = ET.fromstring(xml)  # noqa: S314 - test data

    def walk(el, path):
        here = f"{path}/{el.tag}"
        yield f"{here}={(el.text or '').strip()}"
        for child in el:
            yield from walk(child, here)

    return list(walk(root, ""))


def _expected(year: int, *children: str) -> list[str]:
    body = HEADER.format(year=year) + "<Children>" + "".join(children) + "</Children>"
    return _elements(f"<Message>{body}</Message>")


def _census(year: str, **kw) -> bytes:
    out = io.BytesIO()
    cin_census.write_census(years.parse(year), out, now=NOW, **kw)
    return out.getvalue()


def test_census_2025_26_element_for_element(census_casework):
    xml = _census("2025-26")
    assert xml.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert _elements(xml) == _expected(2026, AVA_2025_26, BEN_2025_26, CAL_2025_26)


def test_census_2026_27_element_for_element(census_casework):
    """Ben's and Cal's episodes closed in 2025-26 (out of scope); Ava's plan spell and her
    assessment, which ended before 1 April 2026, are left out (rule 8696); the unborn baby is in,
    with the expected date of birth."""
    assert _elements(_census("2027")) == _expected(2027, AVA_2026_27, BABY_2026_27)


def test_chunks_do_not_change_the_census(census_casework):
    assert _census("2025-26", chunk_size=1) == _census("2025-26", chunk_size=1000)


def test_early_help_only_and_closed_before_the_year_are_out_of_scope(census_casework):
    """Cal's early help episode (opened by the step-down) is not a CIN episode, and nobody
    whose only CIN episode closed before 1 April is in the 2026-27 return."""
    assert [e for e in _elements(_census("2026-27")) if "/LAchildID=" in e] == [
        "/Message/Children/Child/ChildIdentifiers/LAchildID=CEN001",
        "/Message/Children/Child/ChildIdentifiers/LAchildID=CEN003",
    ]


def test_progress_is_reported_per_chunk(census_casework):
    seen = []
    _census("2025-26", chunk_size=1, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize(("text", "end"), [("2025-26", 2026), ("2026", 2026), ("2026_27", 2027)])
def test_collection_years(text, end):
    year = years.parse(text)
    assert year.end_year == end
    assert year.start == dt.date(end - 1, 4, 1)
    assert year.reference_date == dt.date(end, 3, 31)


@pytest.mark.parametrize("text", ["2024-25", "2025-27", "26", "", "next year"])
def test_unsupported_years_are_refused(text):
    with pytest.raises(errors.RuleViolation):
        years.parse(text)
