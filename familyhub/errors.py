"""One error vocabulary for actions: views show these in the GOV.UK error summary, the API
(later) as RFC 9457 problem details. Messages are constants that tests share."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. `field_errors` maps form field names to messages (may be empty)."""

    def __init__(self, message: str = "", *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class NotPermitted(DomainError):
    """The actor may not do this. Views turn it into a 404 so existence is not confirmed."""


class StaleVersion(DomainError):
    """Someone else saved the record since it was opened."""

    def __init__(self, message: str, *, current):
        super().__init__(message)
        self.current = current


class RuleViolation(DomainError):
    """The change breaks a rule of the domain (e.g. a relationship with oneself)."""


STALE_PERSON = (
    "Someone else changed this person's details while you were editing. "
    "Your changes have not been saved – they are shown below beside the latest version."
)
STALE_FAMILY = (
    "Someone else changed this family's details while you were editing. "
    "Your changes have not been saved – they are shown below beside the latest version."
)
LEAD_ROLE_FROM_CONTACT = (
    "Record the lead practitioner and their cover under 'Who to contact' (Record the lead "
    "practitioner), so the family's say and any handover are kept"
)
ENDING_THE_LEAD = (
    "This is the family's lead practitioner. Change the lead practitioner under 'Who to contact' "
    "first; their involvement as lead then ends with the handover"
)
ALREADY_MEMBER = "This person is already a member of the family"
RELATIONSHIP_SELF = "Choose two different people"
RELATIONSHIP_NOT_MEMBERS = "Both people must be members of this family"
RELATIONSHIP_EXISTS = "This relationship is already recorded"
SEPARATION_NOT_A_COUPLE = "Choose a couple in this family (partners)"
SEPARATION_RECORDED = "This couple are already recorded as separated"
SEPARATION_DATE = "Enter when they separated, today or in the past"
BORN_AND_EXPECTED = "Enter either a date of birth or an expected date of birth, not both"
DOB_IN_FUTURE = "Date of birth must be today or in the past"
DEATH_BEFORE_BIRTH = "Date of death must be on or after the date of birth"
EXPECTED_DOB_PAST = "Expected date of birth must be in the future, or enter the date of birth"
NHS_NUMBER_IN_USE = (
    "This NHS number is already recorded for another person. Check the number – if it is right, "
    "search for the person and add them to the family instead"
)
UNBORN_SEX = (
    "Record an unborn baby's sex as ‘Not known’ until the baby is born (the CIN census reports "
    "an unborn child's sex as U)"
)
