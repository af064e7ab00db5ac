"""The shapes of hub sessions' registers and of the service directory in the API (version 1)."""

from __future__ import annotations

from rest_framework import serializers

MARKS = [("present", "Present"), ("absent", "Absent")]


class MeetingOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="Week 1, 2, ...")
    on = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()


class SessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    service = serializers.CharField()
    venue = serializers.CharField(allow_blank=True)
    meetings = MeetingOut(many=True)


class SessionList(serializers.Serializer):
    results = SessionOut(many=True)


class RegisterRowOut(serializers.Serializer):
    enrolment = serializers.IntegerField(help_text="Send this with the mark")
    name = serializers.CharField()
    mark = serializers.CharField(allow_blank=True, help_text="present, absent, or '' (not yet)")


class RegisterOut(serializers.Serializer):
    meeting = MeetingOut()
    session = serializers.CharField()
    rows = RegisterRowOut(many=True)


class MarkIn(serializers.Serializer):
    enrolment = serializers.IntegerField(min_value=1)
    mark = serializers.ChoiceField(choices=MARKS)
    mark_id = serializers.UUIDField(
        help_text="Your id for this mark (a UUID): a mark sent again, in any batch, is applied "
        "once, and an old mark arriving late never undoes a newer one"
    )


class MarksIn(serializers.Serializer):
    marks = MarkIn(many=True, min_length=1, max_length=200)


class RefusedMarkOut(serializers.Serializer):
    mark_id = serializers.CharField()
    detail = serializers.CharField()


class MarksOut(serializers.Serializer):
    applied = serializers.ListField(child=serializers.CharField(), help_text="mark_ids applied")
    refused = RefusedMarkOut(many=True)


class LocationOut(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)


class ServiceOut(serializers.Serializer):
    id = serializers.UUIDField(help_text="The Open Referral UK service id")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    organisation = serializers.CharField(allow_null=True)
    hub = serializers.CharField(allow_null=True)
    category = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    minimum_age = serializers.IntegerField(allow_null=True)
    maximum_age = serializers.IntegerField(allow_null=True)
    locations = LocationOut(many=True)


class ServicePage(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ServiceOut(many=True)
