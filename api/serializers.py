"""The API's shapes (version 1). Versions live here, at the edge: the actions and queries
behind them are the pages' own."""

from __future__ import annotations

from rest_framework import serializers

from frontdoor.models import ConsentStatus, NamedRole

# Through the API a partner asks the front door for advice or refers the family; a
# consultation with an embedded social worker is booked on the pages (it needs a slot).
API_WANTS = [("advice", "Advice from the front door"), ("referral", "A referral for a service")]
NOTIFICATION_KINDS = [
    ("domestic_abuse_notification", "Police domestic abuse notification (Operation Encompass)"),
    ("attendance", "School attendance (a signal only below the threshold)"),
    ("missed_health_appointments", "Missed health appointments"),
]


class PersonIn(serializers.Serializer):
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, help_text="Or the expected date for an unborn baby"
    )
    unborn = serializers.BooleanField(required=False, default=False)
    role = serializers.ChoiceField(choices=NamedRole.choices, default=NamedRole.CHILD)
    nhs_number = serializers.CharField(max_length=12, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs):
        if not (attrs.get("given_name") or attrs.get("family_name") or attrs.get("unborn")):
            raise serializers.ValidationError({"given_name": ["Enter the person's name"]})
        return attrs


class ConcernIn(serializers.Serializer):
    family_reference = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="A family your organisation works with (404 if it is not one); leave out "
        "for a family FamilyHub may not know: the front door matches the people",
    )
    people = PersonIn(many=True, min_length=1, max_length=20)
    worries = serializers.CharField(max_length=10000)
    immediate_risk = serializers.BooleanField()
    wants = serializers.ChoiceField(choices=API_WANTS)
    consent = serializers.ChoiceField(choices=ConsentStatus.choices)
    consent_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    referrer_view = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class OutcomeOut(serializers.Serializer):
    status = serializers.CharField()
    outcome = serializers.CharField(allow_blank=True)
    outcome_detail = serializers.CharField(allow_blank=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    dealing = serializers.CharField(allow_blank=True, help_text="Who is dealing with it now")


class ConcernOut(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    sent_at = serializers.DateTimeField(allow_null=True)
    urgent = serializers.BooleanField()
    wants = serializers.CharField()
    family_reference = serializers.CharField(allow_null=True)
    people = serializers.ListField(child=serializers.CharField())
    outcome = OutcomeOut()
    version = serializers.IntegerField()


class ConcernPage(serializers.Serializer):
    """One page of a cursor-paginated list: follow `next` until it is null."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ConcernOut(many=True)


class ContactPersonOut(serializers.Serializer):
    name = serializers.CharField()
    job_title = serializers.CharField()
    organisation = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    available_now = serializers.BooleanField()


class OutOfHoursOut(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    hours = serializers.CharField()
    emergency = serializers.CharField()


class FamilyContactsOut(serializers.Serializer):
    family_reference = serializers.CharField()
    message = serializers.CharField()
    lead_practitioner = ContactPersonOut(allow_null=True)
    cover = ContactPersonOut(allow_null=True)
    contact_now = serializers.CharField(allow_null=True)
    out_of_hours_now = serializers.BooleanField()
    out_of_hours = OutOfHoursOut()
    hub = serializers.CharField(allow_blank=True)
    hub_evening_weekend_phone = serializers.CharField(allow_blank=True)


class ChildIn(serializers.Serializer):
    nhs_number = serializers.CharField(max_length=12, required=False, allow_blank=True)
    upn = serializers.CharField(max_length=13, required=False, allow_blank=True)

    def validate(self, attrs):
        if not (attrs.get("nhs_number") or attrs.get("upn")):
            raise serializers.ValidationError({"nhs_number": ["Give the NHS number or the UPN"]})
        return attrs


class NotificationIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NOTIFICATION_KINDS)
    child = ChildIn()
    occurred_at = serializers.DateTimeField(
        required=False, help_text="When it happened (not for attendance)"
    )
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True)
    attendance_percent = serializers.FloatField(min_value=0, max_value=100, required=False)
    period_end = serializers.DateField(required=False, help_text="Attendance to this date")
    source_reference = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="Your system's reference: the same notification is recorded once",
    )

    def validate(self, attrs):
        problems = {}
        if attrs["kind"] == "attendance":
            for name in ("attendance_percent", "period_end"):
                if attrs.get(name) is None:
                    problems[name] = ["Required for an attendance notification"]
        else:
            if attrs.get("occurred_at") is None:
                problems["occurred_at"] = ["Enter when it happened"]
            if not (attrs.get("summary") or "").strip():
                problems["summary"] = ["Enter what happened"]
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class NotificationOut(serializers.Serializer):
    kind = serializers.CharField()
    recorded = serializers.BooleanField(
        help_text="False for attendance at or above the threshold (nothing to signal)"
    )
    reference = serializers.CharField(allow_null=True)
    received_at = serializers.DateTimeField()


class FieldProblem(serializers.Serializer):
    field = serializers.CharField(help_text="The field, e.g. people[0].given_name")
    detail = serializers.CharField()


class Problem(serializers.Serializer):
    """RFC 9457 problem details (application/problem+json)."""

    type = serializers.CharField(help_text="about:blank, or /api/v1/problems/<slug>")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = FieldProblem(many=True)
    current_version = serializers.IntegerField(required=False)
