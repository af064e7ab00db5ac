"""The custodian endpoints' shapes (partner API version 1). The request and the envelope are
the API's (snake_case); each record's `content` is shaped by its record type's versioned schema
with DfE's SUI field names (custodian.records)."""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from people.identifiers import nhs_number as nhs

from .models import Mode, RecordType, SharingPurpose

NHS_INVALID = "Enter a valid 10-digit NHS number"


class FindIn(serializers.Serializer):
    nhs_number = serializers.CharField(
        max_length=12, help_text="The child's NHS number (10 digits, spaces allowed)"
    )
    purpose = serializers.ChoiceField(
        choices=SharingPurpose.choices, help_text="Why the record is wanted"
    )

    def validate_nhs_number(self, value: str) -> str:
        if not nhs.is_valid(value):
            raise serializers.ValidationError(NHS_INVALID)
        return nhs.normalise(value)


class FetchIn(FindIn):
    record_type = serializers.ChoiceField(choices=RecordType.choices)


class AgreementRef(serializers.Serializer):
    reference = serializers.CharField()
    version = serializers.IntegerField()


class Pointer(serializers.Serializer):
    record_type = serializers.ChoiceField(choices=RecordType.choices)
    schema = serializers.CharField(help_text="The schema and version of the record's content")
    mode = serializers.ChoiceField(
        choices=Mode.choices, help_text="existence: you may know it is held, not fetch it"
    )
    agreement = AgreementRef()
    fetch = serializers.CharField(
        allow_null=True, help_text="Where to fetch it (null when the agreement is existence only)"
    )


class FindOut(serializers.Serializer):
    custodian = serializers.CharField()
    nhs_number = serializers.CharField()
    purpose = serializers.CharField()
    records = Pointer(many=True, help_text="Empty when nothing is held (or may be said to be)")


# --- Content, by schema ------------------------------------------------------------------------


class AddressOut(serializers.Serializer):
    line1 = serializers.CharField(allow_blank=True)
    line2 = serializers.CharField(allow_blank=True)
    town = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)


class PersonalDetailsContent(serializers.Serializer):
    """personal.details/1"""

    nhsNumber = serializers.CharField()
    givenName = serializers.CharField(allow_blank=True)
    familyName = serializers.CharField(allow_blank=True)
    preferredName = serializers.CharField(allow_blank=True)
    dateOfBirth = serializers.DateField(allow_null=True)
    sex = serializers.ChoiceField(choices=["female", "male", "not-known"])
    address = AddressOut(allow_null=True, help_text="Never given for a confidential address")


class KeyWorkerOut(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField(allow_blank=True)
    organisation = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class CustodianOutOfHoursOut(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    hours = serializers.CharField(allow_blank=True)


class DutyContactOut(serializers.Serializer):
    organisation = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    hub = serializers.CharField(allow_blank=True)
    hubEveningWeekendPhone = serializers.CharField(allow_blank=True)
    outOfHours = CustodianOutOfHoursOut()


class TeamInvolvementOut(serializers.Serializer):
    team = serializers.CharField()
    organisation = serializers.CharField()
    role = serializers.CharField()
    since = serializers.DateField(allow_null=True)


class StatusOut(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    since = serializers.DateField(allow_null=True)


class ReferralOut(serializers.Serializer):
    date = serializers.DateField()
    type = serializers.ChoiceField(choices=["early-help", "child-in-need", "child-protection"])


class ChildrensServicesContent(serializers.Serializer):
    """childrens-services.details/1"""

    keyWorker = KeyWorkerOut(allow_null=True)
    dutyContactDetails = DutyContactOut()
    teamInvolvement = TeamInvolvementOut(many=True)
    cscActiveStatusesAndPlans = StatusOut(many=True)
    childrensServicesReferrals = ReferralOut(many=True, help_text="The last five years")


class FetchOut(serializers.Serializer):
    custodian = serializers.CharField()
    nhs_number = serializers.CharField()
    purpose = serializers.CharField()
    record_type = serializers.ChoiceField(choices=RecordType.choices)
    schema = serializers.CharField()
    agreement = AgreementRef()
    content = PolymorphicProxySerializer(
        component_name="RecordContent",
        serializers=[PersonalDetailsContent, ChildrensServicesContent],
        resource_type_field_name=None,
    )
